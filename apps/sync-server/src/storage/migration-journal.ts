import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PACKAGE_ROOT } from "../package-root";

/** drizzle-kit's migration folders this build carries, one per dialect; applied on open. */
export const MIGRATIONS = {
  sqlite: fileURLToPath(new URL("drizzle", PACKAGE_ROOT)),
  postgresql: fileURLToPath(new URL("drizzle-pg", PACKAGE_ROOT)),
} as const;

/** Each migration of this build, by the time drizzle records for it when applied. */
export function knownMigrations(dialect: keyof typeof MIGRATIONS): ReadonlySet<number> {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS[dialect]}/meta/_journal.json`, "utf8")) as {
    entries: { when: number }[];
  };
  return new Set(journal.entries.map((entry) => entry.when));
}

/** What GET /readyz says of a database that recorded `applied` (drizzle's created_at values). */
export function migrationsReady(
  dialect: keyof typeof MIGRATIONS,
  applied: readonly (number | string)[],
): { readonly ok: true } | { readonly ok: false; readonly reason: string } {
  const done = new Set(applied.map(Number));
  const missing = [...knownMigrations(dialect)].filter((when) => !done.has(when)).length;
  return missing === 0
    ? { ok: true }
    : { ok: false, reason: `${missing} migration(s) not applied` };
}
