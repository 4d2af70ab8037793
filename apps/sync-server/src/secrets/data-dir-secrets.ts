import { statSync } from "node:fs";
import { join } from "node:path";
import { readIfPresent } from "../private-files";
import { inTurn } from "../process-turns";
import { checkSecretName, type SecretStore } from "../storage/store";
import { readOrCreateSecret, replaceSecret } from "./secret-file";

/** The file's identity: a replacement is a new file (renamed into place), so a new inode and time. */
function fileVersion(file: string): string | null {
  try {
    const { ino, mtimeMs, size } = statSync(file);
    return `${ino}:${mtimeMs}:${size}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * A SQLite install's secrets: files under DATA_DIR/secrets, the server's user's alone (0600), carried
 * by its backups. Only the server writes them, and the CLI's key rotation (one replacement by rename).
 * The file's version (inode, time, size) changes with each replacement.
 */
export function dataDirSecrets(dir: string): SecretStore {
  const file = (name: string) => join(dir, checkSecretName(name));
  const read = (name: string) => {
    const path = file(name);
    const version = fileVersion(path);
    const value = version === null ? null : readIfPresent(path);
    return value === null || version === null ? null : { value, version };
  };
  return {
    async readOrCreate(name, create) {
      const path = file(name);
      const existing = readIfPresent(path);
      if (existing !== null) return existing;
      const made = await create();
      return readOrCreateSecret(path, () => made);
    },
    read: async (name) => read(name),
    version: async (name) => fileVersion(file(name)),
    replace: (name, change) =>
      // One at a time in this process (the CLI's rotation is the only other writer).
      inTurn(`secret ${file(name)}`, async () => {
        const current = read(name);
        if (!current) throw new Error(`no secret ${name} to replace`);
        const next = await change(current.value);
        replaceSecret(file(name), next);
        return next;
      }),
  };
}
