import { CARRIED_FILES_TABLE } from "../../backup/sqlite-backup";
import { serverState } from "../schema";
import { openDatabase } from "./open-database";
import { sqliteContext } from "./sqlite-context";

/**
 * Makes a restored copy (`file`, not yet in place) this build's database for a new history: the
 * carried files' table dropped, migrated, a new log `epoch` (every device's cursor and every
 * wallet's update tag from before starts over), and every pass of every merchant given a new
 * version with a push where a wallet listens — phones may show what the backup lacks, and must
 * fetch what the server holds now.
 */
export function adoptRestoredDatabase(
  file: string,
  options: { readonly epoch: string; readonly now: number },
): void {
  const db = openDatabase(file);
  try {
    const context = sqliteContext(db);
    context.write(() => {
      context.client.exec(`DROP TABLE IF EXISTS ${CARRIED_FILES_TABLE}`);
      db.insert(serverState)
        .values({ key: "log-epoch", value: options.epoch })
        .onConflictDoUpdate({ target: serverState.key, set: { value: options.epoch } })
        .run();
      const merchants = context.client
        .prepare<[], { merchantId: string }>("SELECT merchant_id AS merchantId FROM merchant_logs")
        .all();
      for (const { merchantId } of merchants)
        context.log.passesChanged(merchantId, null, null, options.now);
    });
  } finally {
    db.$client.close();
  }
}
