import type { PlacementRow, StampDb } from "./db";

/** An event as a placement names it. */
export interface PlacedEvent {
  readonly id: string;
  readonly cardId: string;
}

/**
 * The most cards one placement row names. A card's read loads every row naming it, whole: after an
 * unusual backlog (answers naming hundreds of cards each) that was every answer's ids, ~1,000 a row.
 */
export const CARDS_PER_PLACEMENT = 64;

/**
 * Rows saying `events` were stored by log position `by`, grouped by card, `CARDS_PER_PLACEMENT`
 * cards a row at most.
 */
export function placementRows(by: number, events: readonly PlacedEvent[]): PlacementRow[] {
  const byCard = new Map<string, string[]>();
  for (const { id, cardId } of events) {
    const ids = byCard.get(cardId);
    if (ids) ids.push(id);
    else byCard.set(cardId, [id]);
  }
  const cards = [...byCard];
  const rows: PlacementRow[] = [];
  for (let from = 0; from < cards.length; from += CARDS_PER_PLACEMENT) {
    const some = cards.slice(from, from + CARDS_PER_PLACEMENT);
    rows.push({ by, cardIds: some.map(([cardId]) => cardId), ids: some.map(([, ids]) => ids) });
  }
  return rows;
}

/**
 * Says the server had stored `events` by `by`, in a row per `CARDS_PER_PLACEMENT` cards, not per
 * event: an answer to a backlog's batch acknowledges 1,000 events, and a row per event was 1,000
 * IndexedDB requests per answer. Written without reading what was known: every placement is true (the server had stored
 * the events by then), and a reader takes an event's earliest (`placedBy`).
 */
export async function place(
  db: StampDb,
  by: number,
  events: readonly PlacedEvent[],
): Promise<void> {
  const rows = placementRows(by, events);
  if (rows.length > 0) await db.placements.bulkAdd(rows);
}

/**
 * The placements naming any of these cards: their keys by one read of the card index per card,
 * all at once (no rows read), then each row once, however many of the cards it names.
 */
async function placementsOf(
  db: StampDb,
  cardIds: readonly string[],
): Promise<(PlacementRow & { readonly seq: number })[]> {
  const keys = await Promise.all(
    cardIds.map((cardId) => db.placements.where("cardIds").equals(cardId).primaryKeys()),
  );
  const rows = await db.placements.bulkGet([...new Set(keys.flat())]);
  return rows.flatMap((row) => (row?.seq === undefined ? [] : [{ ...row, seq: row.seq }]));
}

/**
 * Where the server had stored these cards' placed events (SPEC CS3): per event id, the earliest
 * position any placement gave it — each is true, and the earliest lets a snapshot hold it soonest
 * (as `CompactReplica` takes the earlier of two).
 */
export async function placedBy(
  db: StampDb,
  cardIds: readonly string[],
): Promise<Map<string, number>> {
  const asked = new Set(cardIds);
  const by = new Map<string, number>();
  for (const row of await placementsOf(db, cardIds))
    for (const [i, cardId] of row.cardIds.entries()) {
      if (!asked.has(cardId)) continue;
      for (const id of row.ids[i] ?? []) {
        const known = by.get(id);
        if (known === undefined || row.by < known) by.set(id, row.by);
      }
    }
  return by;
}

/**
 * Takes these cards' events that `goes` picks out of every placement naming them, in the caller's
 * transaction: a row is written again without them, or deleted once it names nothing. The events
 * left the log (folded into a snapshot, or their card left the till), so nothing may say they were
 * placed; and a card's reads stay as small as what it still holds.
 */
export async function unplace(
  db: StampDb,
  cardIds: readonly string[],
  goes: (id: string) => boolean,
): Promise<void> {
  const asked = new Set(cardIds);
  const rewrite: PlacementRow[] = [];
  const emptied: number[] = [];
  for (const row of await placementsOf(db, cardIds)) {
    const kept = row.cardIds.map((cardId, i) => {
      const ids = row.ids[i] ?? [];
      return asked.has(cardId) ? ids.filter((id) => !goes(id)) : ids;
    });
    if (kept.every((ids, i) => ids.length === row.ids[i]?.length)) continue;
    const cards = row.cardIds.flatMap((cardId, i) => ((kept[i]?.length ?? 0) > 0 ? [cardId] : []));
    if (cards.length === 0) emptied.push(row.seq);
    else
      rewrite.push({
        seq: row.seq,
        by: row.by,
        cardIds: cards,
        ids: kept.filter((ids) => ids.length > 0),
      });
  }
  await Promise.all([db.placements.bulkPut(rewrite), db.placements.bulkDelete(emptied)]);
}
