import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";

/**
 * DATA_DIR holds the database, its backups and the secrets: the server's user alone may read them.
 * Folders are 0700 and files 0600 whatever the umask and whether they existed before (a folder
 * made by hand, a database created by an older version): modes are set with chmod, not only asked
 * for at creation, where the umask may take bits away and an existing file keeps its own.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder (and its parents) if needed and makes it the owner's alone. */
export function privateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(path, PRIVATE_DIR_MODE);
}

/**
 * Creates an empty file if it does not exist (SQLite opens it later), and makes it the owner's
 * alone. Its folder is made private too — unless `{ folder: "as-is" }`: a folder outside DATA_DIR
 * the operator chose (`stampd backup --out /tmp/x.db`, a USB disk) keeps its mode when it exists,
 * and is created private when it does not.
 */
export function privateFile(path: string, options: { folder?: "private" | "as-is" } = {}): void {
  const folder = dirname(path);
  if (options.folder !== "as-is" || !existsSync(folder)) privateDir(folder);
  closeSync(openSync(path, "a", PRIVATE_FILE_MODE));
  chmodSync(path, PRIVATE_FILE_MODE);
}

/**
 * Writes a file only the owner can read, through a temporary file renamed over it (a reader never
 * sees half). With `onlyIfMissing`, an existing file is kept (the first writer wins) and the answer
 * is false.
 */
export function writePrivateFile(
  path: string,
  content: string | Uint8Array,
  options: { onlyIfMissing?: boolean } = {},
): boolean {
  privateDir(dirname(path));
  if (options.onlyIfMissing) {
    try {
      writeFileSync(path, content, { flag: "wx", mode: PRIVATE_FILE_MODE });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      chmodSync(path, PRIVATE_FILE_MODE);
      return false;
    }
    chmodSync(path, PRIVATE_FILE_MODE);
    return true;
  }
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: PRIVATE_FILE_MODE });
  chmodSync(temporary, PRIVATE_FILE_MODE);
  renameSync(temporary, path);
  return true;
}

/**
 * Makes every folder under `root` 0700 and every file 0600: for what other code or tools wrote
 * (SQLite's -wal and -shm files, generated development certificates, files from before this rule).
 */
export function tightenTree(root: string): void {
  privateDir(root);
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) tightenTree(path);
    else if (entry.isFile()) chmodSync(path, PRIVATE_FILE_MODE);
  }
}

/** A text file's content, or null when there is none (any other failure is thrown). */
export function readIfPresent(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
