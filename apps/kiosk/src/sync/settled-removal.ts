import type { StampDb } from "../storage/db";

/**
 * Takes the events an answer settled out of the outbox, in the caller's transaction. A backlog's
 * batch is every outbox row from its first id to its last (the reader takes them in id order), so
 * when the keys between them are all settled ones — read in this transaction, nothing can join
 * them before the delete — the range goes in one request instead of one per event. An event
 * between them that was not settled (made on a clock set back, re-queued, or sent in another
 * batch) keeps its row: then the settled ones go key by key.
 */
export async function removeSettled(db: StampDb, settled: readonly string[]): Promise<void> {
  if (settled.length < 2) {
    await db.outbox.bulkDelete([...settled]);
    return;
  }
  let first = settled[0] as string;
  let last = first;
  for (const id of settled) {
    if (id < first) first = id;
    if (id > last) last = id;
  }
  const range = db.outbox.where(":id").between(first, last, true, true);
  const ids = new Set(settled);
  const held = await range.primaryKeys();
  if (held.every((id) => ids.has(id))) await range.delete();
  else await db.outbox.bulkDelete([...settled]);
}
