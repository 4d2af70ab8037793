import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { freshPostgresDatabase } from "../../test/test-postgres";
import { TEST_SECRETS_KEY } from "../../test/test-server";
import { busyMerchant } from "../storage/contract/insight.contract";
import type { DashboardQuery } from "../storage/insight-store";
import { openPgStorage } from "../storage/pg/pg-storage";
import { withPgClient } from "../storage/pg/with-pg-client";
import { openSqliteStorage } from "../storage/sqlite/sqlite-storage";
import type { Storage } from "../storage/storage";

/** What a database made before the rollup looks like: no counts, every merchant pending. */
const FORGET = [
  "DELETE FROM insight_hours",
  "DELETE FROM insight_days",
  "DELETE FROM insight_cards",
  "DELETE FROM insight_revoked",
  "DELETE FROM insight_rewards",
  "INSERT INTO insight_pending (merchant_id) SELECT id FROM merchants",
];

const adapters: {
  name: string;
  fresh(): Promise<{
    open(): Promise<Storage>;
    sql(statements: string[]): Promise<void>;
    drop(): Promise<void>;
  }>;
}[] = [
  {
    name: "SQLite",
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), "stamp-rollup-"));
      const file = join(dir, "stamp.db");
      return {
        open: async () => openSqliteStorage(file),
        async sql(statements) {
          const db = new Database(file);
          for (const statement of statements) db.prepare(statement).run();
          db.close();
        },
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "PostgreSQL",
    async fresh() {
      const database = await freshPostgresDatabase();
      return {
        open: () => openPgStorage(database.url, { secretsKey: TEST_SECRETS_KEY }),
        sql: (statements) =>
          withPgClient(database.url, async (client) => {
            for (const statement of statements) await client.query(statement);
          }),
        drop: () => database.drop(),
      };
    },
  },
];

describe.each(adapters)("the dashboard's rollup on $name", (adapter) => {
  it("is rebuilt from the log at start for the merchants of an older database, to the same figures", async () => {
    const database = await adapter.fresh();
    try {
      const first = await database.open();
      const { merchant } = await busyMerchant(first.store);
      const query: DashboardQuery = {
        from: 0,
        to: Date.UTC(2027, 0, 1),
        locationIds: null,
        now: Date.UTC(2026, 10, 1),
      };
      const kept = await first.store.dashboardFacts(merchant.merchantId, query);
      await first.close();

      await database.sql(FORGET);
      const forgotten = await database.open();
      // Opening rebuilt it before anything could read it.
      expect(await forgotten.store.dashboardFacts(merchant.merchantId, query)).toEqual(kept);
      await forgotten.close();
      expect(kept.days.length).toBeGreaterThan(50);
    } finally {
      await database.drop();
    }
  });
});
