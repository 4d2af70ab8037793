// The log's counts beside a scan of every log row's card number (storage/log-counts.ts): equal
// unless they drifted.
import type { StampDb } from "../storage/db";
import { countCards, type LogCountRow } from "../storage/log-counts";

const byCard = (rows: readonly LogCountRow[]) =>
  [...rows].sort((a, b) => (a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0));

export async function countsAndScan(
  db: StampDb,
): Promise<{ kept: LogCountRow[]; scanned: LogCountRow[] }> {
  const [kept, cardIds] = await db.transaction("r", [db.log, db.logCounts], () =>
    Promise.all([db.logCounts.toArray(), db.log.orderBy("cardId").keys()]),
  );
  return { kept: byCard(kept), scanned: byCard(countCards(cardIds as string[])) };
}
