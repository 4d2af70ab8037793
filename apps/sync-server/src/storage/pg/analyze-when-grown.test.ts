import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../../../test/test-postgres";
import { append, EventMaker, newCard, newMerchant } from "../contract/harness";
import type { Storage } from "../storage";
import { openPgStorage } from "./pg-storage";
import { withPgClient } from "./with-pg-client";

let database: TestPostgresDatabase;
let storage: Storage;
beforeAll(async () => {
  database = await freshPostgresDatabase("migrated");
  storage = await openPgStorage(database.url, { poolSize: 2, analyzeAfter: 30 });
});
afterAll(async () => {
  await storage?.close();
  await database?.drop();
});

/** When `cards` was last analyzed by a statement (not by autovacuum); null: never. */
const analyzedAt = () =>
  withPgClient(
    database.url,
    async (client) =>
      (
        await client.query<{ at: Date | null }>(
          "SELECT last_analyze AS at FROM pg_stat_user_tables WHERE relname = 'cards'",
        )
      ).rows[0]?.at ?? null,
  );

describe("a fresh PostgreSQL database's first import", () => {
  it("is analyzed once a process has appended enough events, so its connections plan again", async () => {
    expect(await analyzedAt()).toBeNull();
    const merchant = await newMerchant(storage.store);
    const till = new EventMaker(merchant);
    const cards: string[] = [];
    for (let i = 0; i < 10; i++) cards.push(await newCard(storage.store, merchant));
    const stamps = (from: number) => cards.map((card, i) => till.stamp(card, 1, from + i));
    const start = Date.now() + 60_000;
    await append(storage.store, merchant, [...stamps(start), ...stamps(start + 100)]);
    expect(await analyzedAt()).toBeNull();
    // The batch that brings the count to 30: its answer comes once the database is analyzed.
    await append(storage.store, merchant, stamps(start + 200));
    const at = await analyzedAt();
    expect(at).not.toBeNull();
    // Once: later appends leave it to autovacuum.
    await append(storage.store, merchant, stamps(start + 300));
    expect(await analyzedAt()).toEqual(at);
  });
});
