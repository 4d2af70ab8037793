import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PACKAGE_ROOT } from "../../package-root";

/** The SQLite migrations this build carries (drizzle-kit's folder). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("drizzle", PACKAGE_ROOT));

/** Each migration of this build, by the time drizzle records for it when applied. */
export function knownMigrations(): ReadonlySet<number> {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, "utf8")) as {
    entries: { when: number }[];
  };
  return new Set(journal.entries.map((entry) => entry.when));
}
