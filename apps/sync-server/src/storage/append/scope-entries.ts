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

/** A card used at a new location: `card_scopes` gains it, and its earlier events show there at `seq`. */
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
 * the result in the batch's transaction, after its events.
 */
export function planScopes(
  inserted: readonly LoggedPosition[],
  scopesOf: (cardId: string) => readonly string[],
  locationOf: (deviceId: string) => string | null,
  isNew: (cardId: string) => boolean,
): ScopeWrites {
  const cards = new Map<string, Set<string>>();
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
    let scopes = cards.get(cardId);
    if (!scopes) {
      scopes = new Set(scopesOf(cardId));
      cards.set(cardId, scopes);
    }
    const location = locationOf(deviceId);
    if (location !== null && !scopes.has(location)) {
      scopes.add(location);
      joins.push({ cardId, locationId: location, seq });
    }
    if (scopes.size > 0) for (const scope of scopes) entries.push({ scope, pos: seq, seq });
    else if (shownEverywhere(cardId)) entries.push({ scope: NO_LOCATION, pos: seq, seq });
  }
  return { joins, entries };
}
