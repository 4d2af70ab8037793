import { readFileSync } from "node:fs";
import { writePrivateFile } from "../private-files";

/**
 * Secrets live in DATA_DIR, readable by the server's user only. The first writer wins, so a server
 * and a CLI starting together agree on one key; replacements go through a rename, so a reader never
 * sees half a file.
 */
export function readOrCreateSecret(file: string, create: () => string): string {
  writePrivateFile(file, create(), { onlyIfMissing: true });
  return readFileSync(file, "utf8");
}

export function replaceSecret(file: string, content: string): void {
  writePrivateFile(file, content);
}
