import { existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { privateFile } from "../private-files";
import { adoptRestoredDatabase } from "../storage/sqlite/restored-database";
import { type BackupProblem, checkBackup } from "./backup-check";
import { backupFileName } from "./backup-names";
import { readCarriedFiles, restoreCarriedFiles } from "./carried-files";
import { serverUsing } from "./server-pid-file";
import { backupSqlite } from "./sqlite-backup";

export type RestoreResult =
  | {
      readonly ok: true;
      readonly restored: string;
      readonly events: number;
      /** Keys and certificates put back into DATA_DIR from the backup. */
      readonly files: number;
      /** The database it replaced (with DATA_DIR's files then), kept in DATA_DIR/backups; null when there was none. */
      readonly previous: string | null;
    }
  | {
      readonly ok: false;
      readonly code: BackupProblem | "server-running";
      readonly message: string;
    };

/**
 * Replaces DATA_DIR's database, keys and certificates with the backup `from`, only while no server
 * uses the folder and only after the file checked out; until then nothing is touched. What it
 * replaces is kept as a backup first. The copy is migrated to this build and starts a new history
 * (`epoch`, see adoptRestoredDatabase): devices are told to start over and re-send (duplicates are
 * harmless), wallets to fetch every pass again, so nothing they hold is lost.
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
      message: `a server (process ${pid}) is using ${dataDir}: stop it first, then restore (if none runs, delete ${join(dataDir, "stampd.pid")})`,
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
          readCarriedFiles(dataDir),
        )
      ).file;
    } finally {
      current.close();
    }
  }

  const staging = `${database}.restoring`;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${staging}${suffix}`, { force: true });
  privateFile(staging);
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(staging);
  } finally {
    source.close();
  }
  adoptRestoredDatabase(staging, options);

  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${database}${suffix}`, { force: true });
  renameSync(staging, database);
  privateFile(database);
  restoreCarriedFiles(dataDir, check.files);
  return {
    ok: true,
    restored: from,
    events: check.events,
    files: check.files.length,
    previous,
  };
}
