import { leavingCards } from "../cards/view-leave";
import type { StampDb } from "./db";
import { heldCounts } from "./held-counts";

/** Cards per transaction: a scan or an answer to store waits at most for one batch's deletes. */
const CARDS_PER_LEAVE = 25;

/** The stores a batch reads and deletes from. */
function leaveStores(db: StampDb) {
  return [db.log, db.snapshots, db.stored, db.outbox, db.meta, db.scans, db.viewCards];
}

/** The keys of `cardId`'s rows in a store with a card index, by one read of the index. */
function keysOf(table: StampDb["log"] | StampDb["stored"], cardId: string): Promise<string[]> {
  return table.where("cardId").equals(cardId).primaryKeys();
}

/** Cards of events the server has not accepted: the outbox's and the ones held for a wrong clock. */
async function unsentCards(db: StampDb): Promise<Set<string>> {
  const [outbox, held] = await Promise.all([db.outbox.toArray(), db.meta.get("held")]);
  const kept = held?.key === "held" ? held.value : [];
  return new Set([...outbox, ...kept].map((event) => event.cardId));
}

/**
 * Once a pull of the till's view from the start has reached the server's head (`MetaRow`
 * `census` complete), deletes every card it holds outside that view (`leavingCards`) — its events,
 * snapshot and stored rows — a few cards per transaction, each reading anew what may not go: a
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
      const [view, unsent, scans] = await Promise.all([
        db.viewCards.bulkGet(batch),
        unsentCards(db),
        db.scans.toArray(),
      ]);
      const leaving = leavingCards({
        held: batch,
        view: new Set(view.flatMap((row) => (row ? [row.cardId] : []))),
        unsent,
        shown: new Set(scans.flatMap((scan) => (scan.cardId === null ? [] : [scan.cardId]))),
      });
      const [events, stored] = await Promise.all([
        Promise.all(leaving.map((cardId) => keysOf(db.log, cardId))),
        Promise.all(leaving.map((cardId) => keysOf(db.stored, cardId))),
      ]);
      await Promise.all([
        db.log.bulkDelete(events.flat()),
        db.stored.bulkDelete(stored.flat()),
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
