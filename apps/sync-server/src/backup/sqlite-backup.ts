import { renameSync, rmSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { privateFile } from "../private-files";
import type { BackupSummary } from "./backup-summary";
import type { CarriedFile } from "./carried-files";

/**
 * The table a backup file keeps DATA_DIR's keys and certificates in, beside the copied database.
 * It exists only in backups: a restore reads it and drops it.
 */
export const CARRIED_FILES_TABLE = "stamp_backup_files";

/**
 * How the copy runs beside the writers. `in-steps`: 100 pages per turn of the event loop, so the
 * server that copies its own database keeps answering (its own writes go into the copy as it
 * runs). `at-once`: one step, for a process copying a database another process writes to — a
 * write by another connection restarts a copy made in steps, and a busy server could keep a large
 * one from ever finishing.
 */
export type BackupPace = "in-steps" | "at-once";

/**
 * A consistent copy of a live database through SQLite's online backup API (writers keep going;
 * the copy is of one moment), with `files` from DATA_DIR in it. Written beside `file` and renamed
 * into place, so a file by that name is always whole; only the owner can read it.
 */
export async function backupSqlite(
  source: Database.Database,
  file: string,
  files: readonly CarriedFile[],
  pace: BackupPace = "in-steps",
): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  // DATA_DIR/backups is made private with DATA_DIR; a folder of the operator's keeps its mode.
  privateFile(partial, { folder: "as-is" });
  try {
    await source.backup(partial, {
      // The pages to copy in the next step.
      progress: ({ totalPages }) => (pace === "at-once" ? Math.max(totalPages, 1) : 100),
    });
    const events = carryFiles(partial, files);
    renameSync(partial, file);
    return { file, bytes: statSync(file).size, events, files: files.length };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/** Writes `files` into the copy; answers how many events it holds. */
function carryFiles(copyFile: string, files: readonly CarriedFile[]): number {
  const copy = new Database(copyFile, { fileMustExist: true });
  try {
    // One self-contained file (no -wal beside it), whatever the live database's journal.
    copy.pragma("journal_mode = DELETE");
    copy.exec(
      `CREATE TABLE ${CARRIED_FILES_TABLE} (path TEXT PRIMARY KEY, content BLOB NOT NULL) STRICT`,
    );
    const insert = copy.prepare(`INSERT INTO ${CARRIED_FILES_TABLE} VALUES (?, ?)`);
    copy.transaction(() => {
      for (const carried of files) insert.run(carried.path, carried.content);
    })();
    return (copy.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
  } finally {
    copy.close();
  }
}
