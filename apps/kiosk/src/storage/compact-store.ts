import type { CompactCard } from "@stamp/core";
import { unplacedIds } from "./card-records";
import type { StampDb } from "./db";
import { place } from "./placements";

/** The stores a compact card or an acknowledgement writes; the caller's transaction names them. */
export function compactStores(db: StampDb) {
  return [db.log, db.snapshots, db.placements, db.meta];
}

/**
 * Keeps a compact card the server sent (stamp-core SPEC CS3), as `CompactReplica.seed` takes it:
 * its snapshot replaces the one held when it was read no earlier; its tail joins the log, each
 * event stored by `at`. `stale`: nothing kept, the card was read before the snapshot the till
 * folded itself (`SnapshotRow.folded`) — a fetch asks again; a pull answer's cards are read after
 * its page, so one of them is only ever older than a fold for a card of the till's scope, whose
 * events up to the fold the till held. In the caller's transaction (`compactStores`).
 */
export async function storeCompactCard(db: StampDb, card: CompactCard): Promise<"kept" | "stale"> {
  const held = await db.snapshots.get(card.cardId);
  if (held?.folded && card.at < held.at) return "stale";
  const writes: Promise<unknown>[] = [place(db, card.at, card.tail)];
  if (!held || card.at >= held.at)
    writes.push(db.snapshots.put({ cardId: card.cardId, at: card.at, snapshot: card.snapshot }));
  if (card.tail.length > 0) writes.push(db.log.bulkPut([...card.tail]));
  await Promise.all(writes);
  return "kept";
}

/**
 * Own events the server acknowledged (accepted or duplicate), placed at the answer's log position
 * (SPEC CS3). An answer with more to pull has a cursor short of the log's head, where the events
 * were stored: they wait, unplaced, for the run's last answer, whose cursor is the head it read
 * after storing them. In the caller's transaction (`compactStores`).
 */
export async function placeAcknowledged(
  db: StampDb,
  acked: readonly { readonly id: string; readonly cardId: string }[],
  position: number | null,
): Promise<void> {
  const waiting = await unplacedIds(db);
  if (position === null) {
    if (acked.length > 0)
      await db.meta.put({ key: "unplaced", value: [...waiting, ...acked.map((e) => e.id)] });
    return;
  }
  const earlier = await db.log.bulkGet([...waiting]);
  const writes = [place(db, position, [...acked, ...earlier.flatMap((e) => (e ? [e] : []))])];
  if (waiting.length > 0) writes.push(db.meta.delete("unplaced"));
  await Promise.all(writes);
}

/**
 * The server was restored from a backup and numbers its log anew (another epoch): the positions
 * this till kept say nothing of the new log. Snapshots stay (the best the till knows) but any card
 * the server sends replaces them; events are no longer known stored by any position (own ones are
 * queued again by the caller). In the caller's transaction (`compactStores`).
 */
export async function forgetPositions(db: StampDb): Promise<void> {
  await Promise.all([
    db.placements.clear(),
    db.meta.delete("unplaced"),
    db.meta.delete("head"),
    db.snapshots.toCollection().modify({ at: 0 }),
  ]);
}
