import { NEW_CARD_SCOPE_DAYS } from "@stamp/wire-protocol";

/** The `scope_log` scope of new cards no till has used yet: every location's tills pull them. */
export const NO_LOCATION = "*";

/** What a region's `scope_log` scope starts with (before its id). */
export const REGION_PREFIX = "region:";

/** The `scope_log` scope of a region's view (`region:` and its id; location scopes are bare ids). */
export function regionScope(regionId: string): string {
  return `${REGION_PREFIX}${regionId}`;
}

/** The region a `scope_log` scope names, or `null` for a location's (or NO_LOCATION). */
export function regionOfScope(scope: string): string | null {
  return scope.startsWith(REGION_PREFIX) ? scope.slice(REGION_PREFIX.length) : null;
}

/** The `scope_log` scope a till pulls (`PullScope`), or `null`: the merchant's whole log. */
export function pulledScope(
  scope:
    | { readonly kind: "merchant" }
    | { readonly kind: "location"; readonly locationId: string }
    | { readonly kind: "region"; readonly regionId: string },
): string | null {
  switch (scope.kind) {
    case "merchant":
      return null;
    case "location":
      return scope.locationId;
    case "region":
      return regionScope(scope.regionId);
    default: {
      const unreachable: never = scope;
      throw new Error(`unknown scope ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Whether a pull in `scope` may see something new after changes to `changed` (`scope_log` scopes
 * that gained events; `null`: any, none yet when empty): a merchant's whole log changes with any of
 * them, a location's or region's view with its own scope or with every location's (NO_LOCATION).
 */
export function viewChanged(
  changed: ReadonlySet<string> | null,
  scope: Parameters<typeof pulledScope>[0],
): boolean {
  if (changed === null) return true;
  if (changed.size === 0) return false;
  const scoped = pulledScope(scope);
  return scoped === null || changed.has(scoped) || changed.has(NO_LOCATION);
}

/** The scopes a device's events bring a card into: its location's, and its region's if any. */
export function placeScopes(place: {
  readonly locationId: string | null;
  readonly regionId: string | null;
}): string[] {
  if (place.locationId === null) return [];
  return place.regionId === null
    ? [place.locationId]
    : [place.locationId, regionScope(place.regionId)];
}

const NEW_CARD_SCOPE_MS = NEW_CARD_SCOPE_DAYS * 24 * 60 * 60 * 1000;

/** At `now`, a card of no location enrolled after this time (ms) is new (SC2). */
export function newCardsSince(now: number): number {
  return now - NEW_CARD_SCOPE_MS;
}

/** Whether an event appended at `now` of a card of no location shows at every location (SC2). */
export function isNewCard(createdAt: number, now: number): boolean {
  return createdAt > newCardsSince(now);
}

/** An event that joined the log: its position, card, and the device that made it. */
export interface LoggedPosition {
  readonly seq: number;
  readonly cardId: string;
  readonly deviceId: string;
}

/**
 * A card used at a new location or region (`scope`: a location id or `regionScope`): `card_scopes`
 * (or `card_regions`) gains it, and its earlier events show there at `seq` — those stored before
 * the batch by the adapter, except those already in every location's view (`NO_LOCATION`); those
 * of the batch by `planScopes`' entries.
 */
export interface ScopeJoin {
  readonly cardId: string;
  readonly scope: string;
  readonly seq: number;
}

/** A `scope_log` row: the event at `seq` shows in `scope` at `pos`. */
export interface ScopeEntry {
  readonly scope: string;
  readonly pos: number;
  readonly seq: number;
}

export interface ScopeWrites {
  readonly joins: readonly ScopeJoin[];
  readonly entries: readonly ScopeEntry[];
}

/** A write that appends no events places none. */
export const NO_SCOPE_WRITES: ScopeWrites = { joins: [], entries: [] };

/** The scopes whose views gained events: what waiting pulls are told (`ScopeChange`). */
export function changedScopes(writes: ScopeWrites): string[] {
  return [...new Set(writes.entries.map((entry) => entry.scope))];
}

/** `look`, asked once per key. */
function remembered<T>(look: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    if (!known.has(key)) known.set(key, look(key));
    return known.get(key) as T;
  };
}

/**
 * Where a batch's new events show (wire protocol `SyncScope`). A card belongs to the locations of
 * the tills that enrolled or stamped it; an event by a till of a location the card is not in yet
 * brings it there (a customer who visits a second shop), and the tills of that location receive
 * the card's whole history: its events made while it was of no location where they are, the rest
 * again at that event's position. A region (its location's, if the merchant set one) is joined the
 * same way: every event of a card shows in each location and region the card is in. A card in no location (joined on a
 * phone, made by the API) shows in every location's scope until a till uses it while it is new
 * (`isNew`: enrolled in the last NEW_CARD_SCOPE_DAYS); the events of an older one show nowhere —
 * no till holds the merchant's backlog; a till that meets such a card fetches it on demand, and
 * its first event there brings the whole card (SC2, SC3, SC5, SC8). Pure: the adapters read the
 * memberships (`scopesOf`), devices' places (`placesOf`, see `placeScopes`) and cards' age
 * (`isNew`), and write the result in the batch's transaction, after its events. The entries cover
 * the batch's own events, also those a join brings along; the card's events stored before the
 * batch are the adapters' to bring (`ScopeJoin`).
 */
export function planScopes(
  inserted: readonly LoggedPosition[],
  scopesOf: (cardId: string) => readonly string[],
  placesOf: (deviceId: string) => readonly string[],
  isNew: (cardId: string) => boolean,
): ScopeWrites {
  /**
   * Each card's scopes so far, and its events of this batch a location that joins later must be
   * given: every one not shown everywhere (`*`).
   */
  const cards = new Map<string, { scopes: Set<string>; placed: number[] }>();
  // Each card's age and each till's place are read once a batch (a batch comes from a few tills).
  const shownEverywhere = remembered(isNew);
  const placed = remembered(placesOf);
  const joins: ScopeJoin[] = [];
  const entries: ScopeEntry[] = [];
  for (const { seq, cardId, deviceId } of inserted) {
    let card = cards.get(cardId);
    if (!card) {
      card = { scopes: new Set(scopesOf(cardId)), placed: [] };
      cards.set(cardId, card);
    }
    const { scopes } = card;
    for (const place of placed(deviceId))
      if (!scopes.has(place)) {
        scopes.add(place);
        joins.push({ cardId, scope: place, seq });
        for (const earlier of card.placed) entries.push({ scope: place, pos: seq, seq: earlier });
      }
    if (scopes.size > 0) {
      for (const scope of scopes) entries.push({ scope, pos: seq, seq });
      card.placed.push(seq);
    } else if (shownEverywhere(cardId)) entries.push({ scope: NO_LOCATION, pos: seq, seq });
    else card.placed.push(seq);
  }
  return { joins, entries };
}
