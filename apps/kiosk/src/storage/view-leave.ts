import { leavingCards } from "../cards/view-leave";
import type { StampDb } from "./db";
import { heldCounts } from "./held-counts";
import { unplace } from "./placements";

/** Cards per transaction: a scan or an answer to store waits at most for one batch's deletes. */
const CARDS_PER_LEAVE = 25;

/** The stores a batch reads and deletes from. */
function leaveStores(db: StampDb) {
  return [db.log, db.snapshots, db.placements, db.outbox, db.meta, db.scans, db.viewCards];
}

/** The keys of `cardId`'s events in the log, by one read of its card index. */
function logKeysOf(db: StampDb, cardId: string): Promise<string[]> {
  return db.log.where("cardId").equals(cardId).primaryKeys();
}

/** Cards of events held back for a wrong clock (SPEC H6): in the log, not in the outbox. */
async function heldBackCards(db: StampDb): Promise<Set<string>> {
  const held = await db.meta.get("held");
  return new Set((held?.key === "held" ? held.value : []).map((event) => event.cardId));
}

/**
 * The cards of the log's events `logKeys` that are still in the outbox. Every outbox event is in
 * the log too (written with it, deleted with it), so the outbox is asked by key: it has no card
 * index, and reading all of it in every batch read a till's whole backlog once per 25 cards.
 */
async function queuedCards(db: StampDb, logKeys: readonly string[]): Promise<Set<string>> {
  const queued = await db.outbox.bulkGet([...logKeys]);
  return new Set(queued.flatMap((event) => (event ? [event.cardId] : [])));
}

/**
 * Once a pull of the till's view from the start has reached the server's head (`MetaRow`
 * `census` complete), deletes every card it holds outside that view (`leavingCards`) — its events,
 * snapshot and placements — a few cards per transaction, each reading anew what may not go: a
 * card an answer named meanwhile is of the view, an event made meanwhile is unsent. Then the count
 * ends. Stops, leaving the count, when the view narrowed again meanwhile (a new count is pulling).
 * The cards that left, for the cards in memory to forget.
 */
export async function leaveOutOfView(db: StampDb): Promise<string[]> {
  const census = await db.meta.get("census");
  if (census?.key !== "census" || census.value !== "complete") return [];
  const [counts, snapshots] = await Promise.all([
    heldCounts(db),
    db.snapshots.toCollection().primaryKeys(),
  ]);
  const held = [...new Set([...counts.keys(), ...snapshots])];
  const left: string[] = [];
  for (let i = 0; i < held.length; i += CARDS_PER_LEAVE) {
    const batch = held.slice(i, i + CARDS_PER_LEAVE);
    const going = await db.transaction("rw", leaveStores(db), async () => {
      const now = await db.meta.get("census");
      if (now?.key !== "census" || now.value !== "complete") return null;
      const [view, heldBack, scans] = await Promise.all([
        db.viewCards.bulkGet(batch),
        heldBackCards(db),
        db.scans.toArray(),
      ]);
      const facts = {
        held: batch,
        view: new Set(view.flatMap((row) => (row ? [row.cardId] : []))),
        shown: new Set(scans.flatMap((scan) => (scan.cardId === null ? [] : [scan.cardId]))),
      };
      // The outbox is asked only of the cards that would leave without it, by the log keys read
      // to delete them; the rule then decides with every unsent card known.
      const candidates = leavingCards({ ...facts, unsent: heldBack });
      const logKeys = new Map(
        await Promise.all(
          candidates.map(async (cardId) => [cardId, await logKeysOf(db, cardId)] as const),
        ),
      );
      const queued = await queuedCards(db, [...logKeys.values()].flat());
      const unsent = new Set([...heldBack, ...queued]);
      const leaving = leavingCards({ ...facts, held: candidates, unsent });
      await Promise.all([
        db.log.bulkDelete(leaving.flatMap((cardId) => logKeys.get(cardId) ?? [])),
        unplace(db, leaving, () => true),
        db.snapshots.bulkDelete(leaving),
      ]);
      return leaving;
    });
    if (going === null) return left;
    left.push(...going);
  }
  await db.transaction("rw", [db.meta, db.viewCards], async () => {
    const now = await db.meta.get("census");
    if (now?.key !== "census" || now.value !== "complete") return;
    await Promise.all([db.viewCards.clear(), db.meta.delete("census")]);
  });
  return left;
}
