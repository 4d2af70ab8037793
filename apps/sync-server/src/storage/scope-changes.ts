import { regionScope } from "./append/scope-entries";

/**
 * Which of a merchant's sync scopes gained events (`scope_log` scopes: location ids and
 * NO_LOCATION), or `null`: any of them. `everything`: changes may have been missed (the
 * PostgreSQL listener reconnected), so every waiting pull looks again.
 */
export type ScopeChange =
  | {
      readonly kind: "merchant";
      readonly merchantId: string;
      readonly scopes: readonly string[] | null;
    }
  | { readonly kind: "everything" };

/**
 * Among a change's scopes, not a `scope_log` scope: the merchant's places moved (a location went
 * into a region, out of one or to another, or changed its sync scope; a region was deleted), so a
 * till of the change's other scopes may replicate another scope now. A held pull it wakes reads its
 * till's place again (`PullWait.until`: "moved"). It travels as a scope does, in NOTIFY payloads too.
 */
export const PLACES_MOVED = "~places";

/**
 * What a change of a location's place touches (a move from one region to another, either null:
 * none; or a new sync scope setting in its region; or a till of it unpaired): the held pulls of its
 * tills (in its own view or its region's) and of the regions named, whose tills may replicate a new
 * version now. Those of a region whose version stayed read their place again for nothing. With no
 * location (a till of none unpaired), the marker alone: every held pull of the merchant reads again.
 */
export function movedScopes(
  locationId: string | null,
  regionIds: readonly (string | null)[],
): string[] {
  const regions = regionIds.filter((id): id is string => id !== null).map(regionScope);
  return [...(locationId === null ? [] : [locationId]), ...regions, PLACES_MOVED];
}

export type ScopeListener = (change: ScopeChange) => void;

/** What long-polls listen to: every committed append of this database, from any instance. */
export interface ScopeFeed {
  /** Returns the unsubscribe. */
  subscribe(listener: ScopeListener): () => void;
}

/**
 * The in-process fan-out of scope changes. `publish` delivers on a later microtask, never inside
 * the caller: SQLite appends publish from inside their (synchronous) transaction, so a listener
 * that reads again always sees the commit, and a rolled-back write costs a needless look at most.
 */
export class ScopeChanges implements ScopeFeed {
  readonly #listeners = new Set<ScopeListener>();

  subscribe(listener: ScopeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(change: ScopeChange): void {
    if (this.#listeners.size === 0) return;
    queueMicrotask(() => {
      for (const listener of this.#listeners) listener(change);
    });
  }
}
