import type { StampDb } from "./db";

/**
 * Each card's count of events in the log (issue 16): `logCounts` plus the changes the log's writes
 * added since they were last settled (`log-counts.ts`), in one read transaction. A card the log
 * holds no event of is not in it.
 */
export function heldCounts(db: StampDb): Promise<Map<string, number>> {
  return db.transaction("r", [db.logCounts, db.logCountChanges], async () => {
    const { counts } = await readCounts(db);
    return counts;
  });
}

/** The settled counts (`before`), the unsettled changes, and each card's count with them. */
async function readCounts(db: StampDb) {
  const [rows, changes] = await Promise.all([db.logCounts.toArray(), db.logCountChanges.toArray()]);
  const before = new Map(rows.map((row) => [row.cardId, row.events]));
  const counts = new Map(before);
  for (const { change } of changes)
    for (const [cardId, by] of Object.entries(change)) {
      const events = (counts.get(cardId) ?? 0) + by;
      if (events === 0) counts.delete(cardId);
      else counts.set(cardId, events);
    }
  return { before, changed: changes.length > 0, counts };
}

/**
 * Folds the changes into `logCounts` and lets them go, in one transaction: one put of the cards
 * whose count changed, one delete of those left with none. Each card's count, as `heldCounts`.
 * The fold runs it first (every 6 hours of syncing), so the changes stay a few hours' writes.
 */
export function settleCounts(db: StampDb): Promise<Map<string, number>> {
  return db.transaction("rw", [db.logCounts, db.logCountChanges], async () => {
    const { before, changed, counts } = await readCounts(db);
    if (!changed) return counts;
    const moved = [...counts]
      .filter(([cardId, events]) => before.get(cardId) !== events)
      .map(([cardId, events]) => ({ cardId, events }));
    const gone = [...before.keys()].filter((cardId) => !counts.has(cardId));
    await Promise.all([
      db.logCounts.bulkPut(moved),
      db.logCounts.bulkDelete(gone),
      db.logCountChanges.clear(),
    ]);
    return counts;
  });
}
