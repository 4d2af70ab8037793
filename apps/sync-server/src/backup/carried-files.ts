import { type Dirent, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readIfPresent, writePrivateFile } from "../private-files";
import { CARD_CODE_KEY_FOLDER, mergeCardCodeKeyFiles } from "../secrets/card-code-keys";
import { ROTATING_BARCODE_KEY_FOLDER } from "../secrets/rotating-barcode-keys";

/**
 * A file of DATA_DIR a backup carries beside the database, by its path in DATA_DIR (`/`-separated).
 * The database alone is not enough to come back on a new machine: tills' tokens are signed with
 * `secrets/device-token.key`, customers' cards with the keys in `secrets/card-codes/`, and tablets
 * trust the local CA in `certs/`.
 */
export interface CarriedFile {
  readonly path: string;
  readonly content: Buffer;
}

/** The folders of DATA_DIR whose files every backup carries. */
const CARRIED_FOLDERS = ["secrets", "certs"] as const;

/** A plain relative path inside a carried folder: no `..`, no hidden files, nothing else. */
const CARRIED_PATH = /^(?:secrets|certs)(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)+$/;

/** Whether a path read from a backup file names a file the restore may write. */
export function isCarriedPath(path: string): boolean {
  return CARRIED_PATH.test(path) && !path.split("/").includes("..");
}

/** The files of DATA_DIR's carried folders (temporary files of a write in progress left out). */
export function readCarriedFiles(dataDir: string): CarriedFile[] {
  const files: CarriedFile[] = [];
  const walk = (relative: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(dataDir, relative), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const entry of entries) {
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !entry.name.endsWith(".tmp") && isCarriedPath(path))
        files.push({ path, content: readFileSync(join(dataDir, path)) });
    }
  };
  for (const folder of CARRIED_FOLDERS) walk(folder);
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Key files kept as `{keys: [{kid, createdAt, retiredAt, …}]}`, merged on a restore. */
const MERGED_KEY_FOLDERS = [CARD_CODE_KEY_FOLDER, ROTATING_BARCODE_KEY_FOLDER];

/**
 * Puts a backup's files back into DATA_DIR (0600 in 0700 folders): they belong to the database
 * restored with them. One exception: a merchant's card-code keys and rotating-barcode secrets are
 * merged with the ones there, so a key made after the backup keeps verifying what it made.
 */
export function restoreCarriedFiles(dataDir: string, files: readonly CarriedFile[]): void {
  for (const file of files) {
    if (!isCarriedPath(file.path)) throw new Error(`refusing to write ${file.path}`);
    const target = join(dataDir, file.path);
    const content = MERGED_KEY_FOLDERS.some((folder) => file.path.startsWith(`${folder}/`))
      ? mergeCardCodeKeyFiles(file.content.toString("utf8"), readIfPresent(target))
      : file.content;
    writePrivateFile(target, content);
  }
}
