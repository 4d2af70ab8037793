// The log's counts beside a scan of every log row's card number (storage/log-counts.ts): equal
// unless they drifted.
import type { StampDb } from "../storage/db";
import { heldCounts } from "../storage/held-counts";
import { countCards, type LogCountRow } from "../storage/log-counts";

const byCard = (rows: readonly LogCountRow[]) =>
  [...rows].sort((a, b) => (a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0));

export async function countsAndScan(
  db: StampDb,
): Promise<{ kept: LogCountRow[]; scanned: LogCountRow[] }> {
  const [counts, cardIds] = await db.transaction(
    "r",
    [db.log, db.logCounts, db.logCountChanges],
    () => Promise.all([heldCounts(db), db.log.orderBy("cardId").keys()]),
  );
  const kept = [...counts].map(([cardId, events]) => ({ cardId, events }));
  return { kept: byCard(kept), scanned: byCard(countCards(cardIds as string[])) };
}
