import { renameSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { privateDir, privateFile } from "../private-files";
import type { BackupSummary } from "./backup-summary";

/**
 * A consistent copy of a live database through SQLite's online backup API (writers keep going;
 * the copy is of one moment). Written beside `file` and renamed into place, so a file by that
 * name is always whole; only the owner can read it.
 */
export async function backupSqlite(
  source: Database.Database,
  file: string,
): Promise<BackupSummary> {
  privateDir(dirname(file));
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  privateFile(partial);
  try {
    await source.backup(partial);
    const events = countEvents(partial);
    renameSync(partial, file);
    return { file, bytes: statSync(file).size, events };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

function countEvents(file: string): number {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (copy.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
  } finally {
    copy.close();
  }
}
