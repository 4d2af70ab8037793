import type { Arrival, StampEvent } from "@stamp/core";
import type { EntityTable } from "dexie";
import type { CardRecord, RecordRead } from "../cards/card-record";
import type { StampDb } from "./db";
import { heldCounts } from "./held-counts";
import { placedBy } from "./placements";

/**
 * A page of cards read in one transaction: at most this many cards, and about `EVENTS_PER_READ`
 * events (a card's whole log is read at once), so a scan or an answer to store never waits long
 * behind the read.
 */
const CARDS_PER_READ = 25;
const EVENTS_PER_READ = 500;

/** The stores a card's record is read from; a transaction that reads one names them all. */
export function recordStores(db: StampDb) {
  return [db.log, db.snapshots, db.placements, db.outbox, db.meta];
}

/** Own events acknowledged by an answer whose cursor did not say by when they were stored. */
export async function unplacedIds(db: StampDb): Promise<readonly string[]> {
  const row = await db.meta.get("unplaced");
  return row?.key === "unplaced" ? row.value : [];
}

/**
 * The rows of these cards, by one read of the card index per card, all at once: `anyOf` walks a
 * cursor from one card to the next, a round trip to IndexedDB per row (in Chromium 4–9 times
 * slower for a batch of 25 cards, issue 16).
 */
async function byCard(
  table: EntityTable<StampEvent, "id">,
  cardIds: readonly string[],
): Promise<StampEvent[]> {
  const rows = await Promise.all(
    cardIds.map((cardId) => table.where("cardId").equals(cardId).toArray()),
  );
  return rows.flat();
}

/**
 * The records of these cards (stamp-core SPEC CS3): an event a placement names was stored by
 * its (earliest) position; one in the outbox, acknowledged unplaced or held back for a wrong clock (SPEC H6)
 * is this till's own, not known stored; any other was pulled. Read in one transaction (the caller's, when it names `recordStores`).
 */
export async function readCardRecords(
  db: StampDb,
  cardIds: readonly string[],
): Promise<CardRecord[]> {
  return db.transaction("r", recordStores(db), async () => {
    const [events, snapshots, by, unplaced, clockWrong] = await Promise.all([
      byCard(db.log, cardIds),
      db.snapshots.bulkGet([...cardIds]),
      placedBy(db, cardIds),
      unplacedIds(db),
      db.meta.get("held"),
    ]);
    const kept = clockWrong?.key === "held" ? clockWrong.value : [];
    const own = new Set<string>([...unplaced, ...kept.map((e) => e.id)]);
    // Only an event the server has not said it stored may be queued. One request per such event,
    // all at once: `anyOf` would walk a cursor from one to the next, a round trip each (`byCard`).
    const unknown = events.filter((e) => !by.has(e.id) && !own.has(e.id));
    const queued = await Promise.all(
      unknown.map((e) => db.outbox.where(":id").equals(e.id).count()),
    );
    for (const [i, event] of unknown.entries()) if (queued[i]) own.add(event.id);
    const arrival = (event: StampEvent): Arrival => {
      const at = by.get(event.id);
      if (at !== undefined) return { kind: "stored", by: at };
      return own.has(event.id) ? { kind: "own" } : { kind: "pulled" };
    };
    const held = new Map<string, CardRecord["held"][number][]>(cardIds.map((id) => [id, []]));
    for (const event of events) held.get(event.cardId)?.push({ event, arrival: arrival(event) });
    return cardIds.map((cardId, i) => {
      const row = snapshots[i];
      return {
        cardId,
        snapshot: row ? { at: row.at, snapshot: row.snapshot } : null,
        held: held.get(cardId) ?? [],
      };
    });
  });
}

export async function readCardRecord(db: StampDb, cardId: string): Promise<CardRecord> {
  const [record] = await readCardRecords(db, [cardId]);
  return record as CardRecord;
}

/**
 * These cards' records for the card ledger, read in one transaction that takes its generation
 * from `begin` (`CardLedger.begin`) before its first request.
 */
export async function readCardRecordsFor(
  db: StampDb,
  cardIds: readonly string[],
  begin: () => number,
): Promise<RecordRead[]> {
  return db.transaction("r", recordStores(db), async () => {
    const generation = begin();
    const records = await readCardRecords(db, cardIds);
    return records.map((record) => ({ record, generation }));
  });
}

/** Every card the till holds anything of: events, or a snapshot. */
export async function heldCardIds(db: StampDb): Promise<string[]> {
  // The log's counts name each card it holds once: one read, not a cursor step per card.
  const [logged, snapshotted] = await Promise.all([
    heldCounts(db).then((counts) => counts.keys()),
    db.snapshots.toCollection().primaryKeys(),
  ]);
  return [...new Set([...logged, ...snapshotted])].sort();
}

/**
 * These cards' records, a page of them per transaction (`read`): the first page one card, each
 * next one as many cards as hold about `EVENTS_PER_READ` events at the last page's events per card
 * (1 to `CARDS_PER_READ`). Memory holds a page rather than the whole log, and scans and answers
 * get their turn at the database between pages (IndexedDB runs transactions over the same stores
 * in the order they were created).
 */
async function* inPages<R>(
  cardIds: readonly string[],
  read: (page: readonly string[]) => Promise<R[]>,
  record: (read: R) => CardRecord,
): AsyncGenerator<R> {
  let cards = 1;
  for (let i = 0; i < cardIds.length; ) {
    const page = cardIds.slice(i, i + cards);
    i += page.length;
    const reads = await read(page);
    const events = reads.reduce((sum, one) => sum + record(one).held.length, 0);
    cards = Math.floor((EVENTS_PER_READ * page.length) / Math.max(1, events));
    cards = Math.max(1, Math.min(CARDS_PER_READ, cards));
    yield* reads;
  }
}

/** Every card's record, a page per transaction (`inPages`), for folding at start. */
export async function* recordsByCard(db: StampDb): AsyncGenerator<CardRecord> {
  const cardIds = await heldCardIds(db);
  yield* inPages(
    cardIds,
    (page) => readCardRecords(db, page),
    (record) => record,
  );
}

/** These cards' records for the card ledger, a page per transaction (`inPages`). */
export function recordsOf(
  db: StampDb,
  cardIds: readonly string[],
  begin: () => number,
): AsyncGenerator<RecordRead> {
  return inPages(
    cardIds,
    (page) => readCardRecordsFor(db, page, begin),
    (read) => read.record,
  );
}
