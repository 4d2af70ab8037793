import { existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { privateFile } from "../private-files";
import { serverState } from "../storage/schema";
import { openDatabase } from "../storage/sqlite/open-database";
import { type BackupProblem, checkBackup } from "./backup-check";
import { backupFileName } from "./backup-names";
import { serverUsing } from "./server-pid-file";
import { backupSqlite } from "./sqlite-backup";

export type RestoreResult =
  | {
      readonly ok: true;
      readonly restored: string;
      readonly events: number;
      /** The database it replaced, kept in DATA_DIR/backups; null when there was none. */
      readonly previous: string | null;
    }
  | {
      readonly ok: false;
      readonly code: BackupProblem | "server-running";
      readonly message: string;
    };

/**
 * Replaces DATA_DIR's database with the backup `from`, only while no server uses the folder and
 * only after the file checked out. The database it replaces is kept as a backup first. The copy
 * is migrated to this build and gets a new log epoch (`epoch`): devices' cursors from before are
 * told to start over and re-send (duplicates are harmless), so nothing they hold is lost.
 */
export async function restoreBackup(
  dataDir: string,
  from: string,
  options: { readonly now: number; readonly epoch: string },
): Promise<RestoreResult> {
  const pid = serverUsing(dataDir);
  if (pid !== null)
    return {
      ok: false,
      code: "server-running",
      message: `a server (process ${pid}) is using ${dataDir}: stop it first, then restore`,
    };
  const check = checkBackup(from);
  if (!check.ok) return check;

  const database = join(dataDir, "stamp.db");
  let previous: string | null = null;
  if (existsSync(database)) {
    const current = new Database(database, { fileMustExist: true });
    try {
      previous = (
        await backupSqlite(
          current,
          join(dataDir, "backups", backupFileName("before-restore", options.now)),
        )
      ).file;
    } finally {
      current.close();
    }
  }

  const staging = `${database}.restoring`;
  rmSync(staging, { force: true });
  privateFile(staging);
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(staging);
  } finally {
    source.close();
  }
  const restored = openDatabase(staging);
  restored
    .insert(serverState)
    .values({ key: "log-epoch", value: options.epoch })
    .onConflictDoUpdate({ target: serverState.key, set: { value: options.epoch } })
    .run();
  restored.$client.close();

  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${database}${suffix}`, { force: true });
  renameSync(staging, database);
  privateFile(database);
  return { ok: true, restored: from, events: check.events, previous };
}
