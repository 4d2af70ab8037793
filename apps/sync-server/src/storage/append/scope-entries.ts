import { NEW_CARD_SCOPE_DAYS } from "@stamp/wire-protocol";

/** The `scope_log` scope of new cards no till has used yet: every location's tills pull them. */
export const NO_LOCATION = "*";

const NEW_CARD_SCOPE_MS = NEW_CARD_SCOPE_DAYS * 24 * 60 * 60 * 1000;

/** Whether an event appended at `now` of a card of no location shows at every location (SC2). */
export function isNewCard(createdAt: number, now: number): boolean {
  return createdAt > now - NEW_CARD_SCOPE_MS;
}

/** An event that joined the log: its position, card, and the device that made it. */
export interface LoggedPosition {
  readonly seq: number;
  readonly cardId: string;
  readonly deviceId: string;
}

/**
 * A card used at a new location: `card_scopes` gains it, and its earlier events show there at
 * `seq` — those stored before the batch by the adapter, except those already in every location's
 * view (`NO_LOCATION`); those of the batch by `planScopes`' entries.
 */
export interface ScopeJoin {
  readonly cardId: string;
  readonly locationId: string;
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

/**
 * Where a batch's new events show (wire protocol `SyncScope`). A card belongs to the locations of
 * the tills that enrolled or stamped it; an event by a till of a location the card is not in yet
 * brings it there (a customer who visits a second shop), and the tills of that location receive
 * the card's whole history: its events made while it was of no location where they are, the rest
 * again at that event's position. A card in no location (joined on a
 * phone, made by the API) shows in every location's scope until a till uses it while it is new
 * (`isNew`: enrolled in the last NEW_CARD_SCOPE_DAYS); the events of an older one show nowhere —
 * no till holds the merchant's backlog; a till that meets such a card fetches it on demand, and
 * its first event there brings the whole card (SC2, SC3, SC5). Pure: the adapters read the
 * memberships (`scopesOf`), devices' locations (`locationOf`) and cards' age (`isNew`), and write
 * the result in the batch's transaction, after its events. The entries cover the batch's own
 * events, also those a join brings along; the card's events stored before the batch are the
 * adapters' to bring (`ScopeJoin`).
 */
export function planScopes(
  inserted: readonly LoggedPosition[],
  scopesOf: (cardId: string) => readonly string[],
  locationOf: (deviceId: string) => string | null,
  isNew: (cardId: string) => boolean,
): ScopeWrites {
  /**
   * Each card's scopes so far, and its events of this batch a location that joins later must be
   * given: every one not shown everywhere (`*`).
   */
  const cards = new Map<string, { scopes: Set<string>; placed: number[] }>();
  const fresh = new Map<string, boolean>();
  const shownEverywhere = (cardId: string) => {
    let known = fresh.get(cardId);
    if (known === undefined) {
      known = isNew(cardId);
      fresh.set(cardId, known);
    }
    return known;
  };
  const joins: ScopeJoin[] = [];
  const entries: ScopeEntry[] = [];
  for (const { seq, cardId, deviceId } of inserted) {
    let card = cards.get(cardId);
    if (!card) {
      card = { scopes: new Set(scopesOf(cardId)), placed: [] };
      cards.set(cardId, card);
    }
    const { scopes } = card;
    const location = locationOf(deviceId);
    if (location !== null && !scopes.has(location)) {
      scopes.add(location);
      joins.push({ cardId, locationId: location, seq });
      for (const earlier of card.placed) entries.push({ scope: location, pos: seq, seq: earlier });
    }
    if (scopes.size > 0) {
      for (const scope of scopes) entries.push({ scope, pos: seq, seq });
      card.placed.push(seq);
    } else if (shownEverywhere(cardId)) entries.push({ scope: NO_LOCATION, pos: seq, seq });
    else card.placed.push(seq);
  }
  return { joins, entries };
}
