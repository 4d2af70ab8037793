import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

/**
 * A SQLite database as an older server left it: only the first `count` migrations applied. Fill
 * it as that server would have, close it, then open it with `openDatabase` to run the rest.
 */
export function databaseBefore(count: number): { file: string; db: Database.Database } {
  const dir = mkdtempSync(join(tmpdir(), "stamp-migrate-"));
  const migrations = join(dir, "drizzle");
  cpSync(fileURLToPath(new URL("../drizzle", import.meta.url)), migrations, { recursive: true });
  const journalFile = join(migrations, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8"));
  journal.entries = journal.entries.filter((e: { idx: number }) => e.idx < count);
  writeFileSync(journalFile, JSON.stringify(journal));
  const file = join(dir, "stamp.db");
  const db = new Database(file);
  migrate(drizzle({ client: db }), { migrationsFolder: migrations });
  return { file, db };
}

/**
 * A merchant with one program (its id the merchant's, slug `p`, empty body) as an older server
 * stored them, for migration tests that only need somewhere for their cards to belong.
 */
export function oldMerchantWithProgram(db: Database.Database, merchantId: string, at: number) {
  db.prepare("INSERT INTO merchants (id, name, created_at) VALUES (?, 'M', ?)").run(merchantId, at);
  db.prepare(
    "INSERT INTO programs (id, merchant_id, slug, version, body, created_at, updated_at) VALUES (?, ?, 'p', 1, '{}', ?, ?)",
  ).run(merchantId, merchantId, at, at);
}
