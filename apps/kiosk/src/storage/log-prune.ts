import { COMPACT_TAIL_EVENTS, type Program } from "@stamp/core";
import { type PruneRules, planPrune } from "../cards/log-prune";
import { readCardRecords, recordStores } from "./card-records";
import type { SnapshotRow, StampDb } from "./db";
import { settleCounts } from "./held-counts";
import { unplace } from "./placements";

/** Cards per transaction: a scan waits at most for one batch's fold and writes. */
const CARDS_PER_PRUNE = 25;

/**
 * Cards with more events in the log than a pruned card keeps: the others have nothing to fold
 * (their events beside a snapshot are its tail, at most `tail` of them), so a till that pruned
 * yesterday reads only the cards stamped often since. From the log's counts, settled first (one
 * small row per card): the work grows with the cards held, not with the log.
 */
async function crowdedCards(db: StampDb, tail: number): Promise<string[]> {
  const counts = await settleCounts(db);
  return [...counts].filter(([, events]) => events > tail).map(([cardId]) => cardId);
}

export interface PruneResult {
  /** Cards whose snapshot the till folded anew. */
  readonly folded: number;
  /** Events that left the log. */
  readonly dropped: number;
}

/**
 * Folds the log's settled events into their cards' snapshots and deletes them (`planPrune`), a
 * few cards with more than `tail` events per transaction, each reading the records and the head it folds up to together: an
 * answer stored between two batches only moves the next batch's head. Stops when the last answer
 * had more to pull (no head): the till is midway through a run or a first pull, or was restored.
 */
export async function pruneLog(
  db: StampDb,
  programs: (programId: string) => Program | undefined,
  rules: Omit<PruneRules, "head">,
): Promise<PruneResult> {
  const cardIds = await crowdedCards(db, rules.tail ?? COMPACT_TAIL_EVENTS);
  let folded = 0;
  let dropped = 0;
  for (let i = 0; i < cardIds.length; i += CARDS_PER_PRUNE) {
    const go = await db.transaction("rw", recordStores(db), async () => {
      const head = await db.meta.get("head");
      if (head?.key !== "head" || head.value === null) return false;
      const records = await readCardRecords(db, cardIds.slice(i, i + CARDS_PER_PRUNE));
      const snapshots: SnapshotRow[] = [];
      const drop: string[] = [];
      const placed: string[] = [];
      for (const record of records) {
        const plan = planPrune(programs, record, { ...rules, head: head.value });
        if (!plan) continue;
        if (plan.snapshot)
          snapshots.push({ cardId: record.cardId, ...plan.snapshot, folded: true });
        drop.push(...plan.drop);
        if (plan.drop.length > 0 && record.held.some((h) => h.arrival.kind === "stored"))
          placed.push(record.cardId);
      }
      folded += snapshots.length;
      dropped += drop.length;
      // One write per store: a delete per id the log does not hold costs as much as one it does.
      const gone = new Set(drop);
      await Promise.all([
        db.snapshots.bulkPut(snapshots),
        db.log.bulkDelete(drop),
        unplace(db, placed, (id) => gone.has(id)),
      ]);
      return true;
    });
    if (!go) break;
  }
  return { folded, dropped };
}
