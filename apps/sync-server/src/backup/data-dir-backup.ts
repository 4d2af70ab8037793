import type { Storage } from "../storage/storage";
import type { BackupSummary } from "./backup-summary";
import { readCarriedFiles } from "./carried-files";
import type { BackupPace } from "./sqlite-backup";

/**
 * How DATA_DIR is backed up into one file: the storage's copy of the database, carrying the keys
 * and certificates beside it. `pace`: `in-steps` in the server, `at-once` in another process (see
 * BackupPace). null where the database backs itself up (PostgreSQL).
 */
export function dataDirBackup(
  storage: Pick<Storage, "backup">,
  dataDir: string,
  pace: BackupPace,
): ((file: string) => Promise<BackupSummary>) | null {
  const { backup } = storage;
  return backup ? (file) => backup(file, readCarriedFiles(dataDir), pace) : null;
}
