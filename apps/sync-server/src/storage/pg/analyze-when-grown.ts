import type pg from "pg";

/** Events appended to a never-analyzed database before ANALYZE: its tables are no longer tiny. */
export const ANALYZE_AFTER_EVENTS = 5_000;

/**
 * On a database whose `cards` were never analyzed (a fresh install, its first import), runs
 * ANALYZE once this process has appended `after` events, and says so. The pooled connections keep
 * the generic plans they made while the tables held a few rows — the batch's cards found by
 * scanning every card of the merchant, seconds per batch at 100,000 cards — until the statistics
 * change, and autoanalyze comes only at its next round (a minute or more). ANALYZE makes every
 * connection plan again. Returns what an append calls once committed, with its number of events.
 */
export async function analyzeWhenGrown(
  pool: pg.Pool,
  after: number,
): Promise<(appended: number) => Promise<boolean>> {
  const { rows } = await pool.query<{ young: boolean }>(
    `SELECT last_analyze IS NULL AND last_autoanalyze IS NULL AS young
     FROM pg_stat_user_tables WHERE relname = 'cards'`,
  );
  let left = rows[0]?.young === false ? 0 : after;
  return async (appended) => {
    if (left <= 0) return false;
    left -= appended;
    if (left > 0) return false;
    await pool.query("ANALYZE");
    return true;
  };
}
