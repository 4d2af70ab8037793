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
 * A commit of the merchant's log that no scope's view sees: the passes changed (a program, location
 * or logo edit), so push jobs were enqueued. Pulls and tails pass it over (`viewChanged` of no
 * scope is false); the push worker is woken by it, on PostgreSQL on every instance.
 */
export const passesChangedOf = (merchantId: string): ScopeChange => ({
  kind: "merchant",
  merchantId,
  scopes: [],
});

/**
 * Among a change's scopes, not a `scope_log` scope: the merchant's places moved (a location went
 * into a region, out of one or to another, or changed its sync scope; a region was deleted), so a
 * till of the change's other scopes may replicate another scope now. A held pull it wakes reads its
 * till's place again (`PullWait.until`: "moved"). It travels as a scope does, in NOTIFY payloads too.
 */
export const PLACES_MOVED = "~places";

/**
 * What a change of a location's place touches (a move into a region or out of one, a new sync
 * scope setting, a till of it unpaired): the held pulls of its own tills, whatever scope they wait
 * in (a wait knows its till's location: `PullWait`), and those of the region it joined, if any,
 * whose view gains the location's cards under a new version. Not the region it left: what its view
 * holds stays at its positions and its tills' cursors stay true; only the later events of cards
 * used at the location alone no longer reach it, which its held pulls then never hear of. With no
 * location (a till of none unpaired), the marker alone, which the pulls of the merchant's whole
 * log (such a till's) see.
 */
export function movedScopes(locationId: string | null, joined: string | null): string[] {
  return [
    ...(locationId === null ? [] : [locationId]),
    ...(joined === null ? [] : [regionScope(joined)]),
    PLACES_MOVED,
  ];
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
