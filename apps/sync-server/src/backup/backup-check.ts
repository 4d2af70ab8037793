import Database from "better-sqlite3";
import { knownMigrations } from "../storage/migration-journal";
import { type CarriedFile, isCarriedPath } from "./carried-files";
import { CARRIED_FILES_TABLE } from "./sqlite-backup";

export type BackupCheck =
  | {
      readonly ok: true;
      readonly events: number;
      /** DATA_DIR's keys and certificates in the file (none in one made before backups had them). */
      readonly files: readonly CarriedFile[];
    }
  | { readonly ok: false; readonly code: BackupProblem; readonly message: string };

export type BackupProblem =
  | "backup-unreadable"
  | "backup-damaged"
  | "not-a-stamp-backup"
  | "backup-from-newer-version";

/**
 * Whether `file` can replace the database: readable, intact (`integrity_check`), a Stamp database,
 * not migrated past what this build knows (it would not understand the newer tables), and every
 * file it carries one the restore may write.
 */
export function checkBackup(file: string): BackupCheck {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma("schema_version");
  } catch (error) {
    return {
      ok: false,
      code: "backup-unreadable",
      message: `${file} cannot be opened as a SQLite database: ${(error as Error).message}`,
    };
  }
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok")
      return { ok: false, code: "backup-damaged", message: `${file} is damaged: ${integrity}` };
    const tables = new Set(
      (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
          name: string;
        }[]
      ).map((row) => row.name),
    );
    if (!tables.has("__drizzle_migrations") || !tables.has("events") || !tables.has("merchants"))
      return { ok: false, code: "not-a-stamp-backup", message: `${file} is not a Stamp database` };
    const known = knownMigrations("sqlite");
    const applied = db.prepare("SELECT created_at AS at FROM __drizzle_migrations").all() as {
      at: number;
    }[];
    if (applied.some((row) => !known.has(Number(row.at))))
      return {
        ok: false,
        code: "backup-from-newer-version",
        message: `${file} was made by a newer version of Stamp: update this one first`,
      };
    const files = tables.has(CARRIED_FILES_TABLE)
      ? (db
          .prepare(`SELECT path, content FROM ${CARRIED_FILES_TABLE} ORDER BY path`)
          .all() as CarriedFile[])
      : [];
    const stray = files.find((carried) => !isCarriedPath(carried.path));
    if (stray)
      return {
        ok: false,
        code: "backup-damaged",
        message: `${file} carries a file outside DATA_DIR's secrets/ and certs/: ${JSON.stringify(stray.path)}`,
      };
    const events = (db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
    return { ok: true, events, files };
  } catch (error) {
    return {
      ok: false,
      code: "backup-damaged",
      message: `${file} cannot be read: ${(error as Error).message}`,
    };
  } finally {
    db.close();
  }
}
