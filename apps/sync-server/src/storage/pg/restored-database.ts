import { openPgLog } from "./pg-storage";

/**
 * Makes a database just put back with pg_restore (servers stopped) this build's, for a new
 * history, as `stampd restore` does for SQLite (see sqlite/restored-database.ts): migrated, a new
 * log `epoch` (every device's cursor and wallet's update tag from before starts over), and every
 * pass of every merchant given a new version with a push where a wallet listens.
 */
export async function adoptRestoredPostgres(
  url: string,
  options: { readonly epoch: string; readonly now: number },
): Promise<{ readonly merchants: number; readonly events: number }> {
  const { context, log } = await openPgLog(url, 1);
  try {
    return await context.transaction(async (tx) => {
      await tx.query(
        "restore-epoch",
        `INSERT INTO server_state (key, value) VALUES ('log-epoch', $1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [options.epoch],
      );
      const merchants = await tx.query<{ merchant_id: string }>(
        "restore-merchants",
        "SELECT merchant_id FROM merchant_logs ORDER BY merchant_id",
        [],
      );
      for (const { merchant_id } of merchants)
        await log.passesChanged(tx, merchant_id, null, null, options.now);
      const [count] = await tx.query<{ n: number }>(
        "restore-events",
        "SELECT count(*)::int AS n FROM events",
        [],
      );
      return { merchants: merchants.length, events: count?.n ?? 0 };
    });
  } finally {
    await context.pool.end();
  }
}
