import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { planCardNumbers, type UnnumberedCard } from "../card-numbers";
import { MIGRATIONS } from "../migration-journal";
import * as schema from "../schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * Checkpoint every ~64 MB of WAL rather than 4 MB: card rows rewritten batch after batch are
 * copied back to the database once per checkpoint, not once per batch (the bench's commits took
 * a third less time than at 16 MB). The server checkpoints in a worker past it
 * (`wal-checkpoints.ts`); other users on commit, as SQLite does.
 */
export const CHECKPOINT_FRAMES = 16000;

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date. WAL lets the CLI
 * write while the server runs; synchronous=FULL makes each commit durable before it returns, even
 * across a power loss (NORMAL alone would only survive a process crash). The server's storage
 * then switches its connection to NORMAL and syncs the WAL off the event loop before it answers
 * (`wal-sync.ts`); other users (restore, migration to PostgreSQL, benches) keep FULL.
 * busy_timeout makes a second process wait its turn instead of failing.
 */
export function openDatabase(file: string): Db {
  const client = new Database(file);
  client.pragma("journal_mode = WAL");
  client.pragma("synchronous = FULL");
  client.pragma("foreign_keys = ON");
  client.pragma("busy_timeout = 5000");
  // 8 MB of page cache, malloc's (RSS ≤ 250 MB an instance, issue 16): at 16 MB, once full, it
  // was ~14 MB of RSS and malloc's main arena 29 MB at the many-tills peak, 19 MB at 8 MB. A
  // 500-event batch dirties ~1,500 pages of 4 kB: it still fits. A page that falls out is read
  // again from the OS's page cache: ~10 more preads per commit there (42 → 52).
  client.pragma("cache_size = -8000");
  // journal_size_limit trims the WAL back to the checkpoint's size after it restarts.
  client.pragma(`wal_autocheckpoint = ${CHECKPOINT_FRAMES}`);
  client.pragma("journal_size_limit = 67108864");
  const db = drizzle({ client, schema });
  migrate(db, { migrationsFolder: MIGRATIONS.sqlite });
  numberCards(client);
  return db;
}

/** Gives cards stored before migration 0010 their numbers, in one transaction (no-op after). */
function numberCards(client: Database.Database): void {
  client.transaction(() => {
    const unnumbered = client
      .prepare(
        "SELECT id, merchant_id AS merchantId FROM cards WHERE number IS NULL ORDER BY created_at, id",
      )
      .all() as UnnumberedCard[];
    if (unnumbered.length === 0) return;
    const numbered = client
      .prepare("SELECT merchant_id AS merchantId, number FROM cards WHERE number IS NOT NULL")
      .all() as { merchantId: string; number: string }[];
    const update = client.prepare("UPDATE cards SET number = ? WHERE id = ?");
    for (const card of planCardNumbers(unnumbered, numbered)) update.run(card.number, card.id);
  })();
}
