import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../../../test/test-postgres";
import { newCard, newMerchant } from "../contract/harness";
import type { Storage } from "../storage";
import { openPgStorage } from "./pg-storage";
import { adoptRestoredPostgres } from "./restored-database";

let database: TestPostgresDatabase;
let storage: Storage;

beforeAll(async () => {
  database = await freshPostgresDatabase();
  storage = await openPgStorage(database.url);
});
afterAll(async () => {
  await storage?.close();
  await database?.drop();
});

describe("a PostgreSQL database put back with pg_restore", () => {
  it("starts a new log epoch and gives every pass of every merchant a new version", async () => {
    const merchants = [await newMerchant(storage.store), await newMerchant(storage.store, "Two")];
    const cards = await Promise.all(merchants.map((m) => newCard(storage.store, m)));
    const before = await Promise.all(cards.map((card) => storage.wallet.getPass(card)));
    expect(await storage.logEpoch()).toBe("");

    const adopted = await adoptRestoredPostgres(database.url, {
      epoch: "1f0c9a7be2d4",
      now: Date.now(),
    });
    expect(adopted).toEqual({ merchants: 2, events: 2 });
    expect(await storage.logEpoch()).toBe("1f0c9a7be2d4");
    for (const [i, card] of cards.entries()) {
      const after = await storage.wallet.getPass(card);
      expect(after?.updateSeq).toBeGreaterThan(before[i]?.updateSeq ?? 0);
      expect(after?.updatedAt).toBeGreaterThan(before[i]?.updatedAt ?? 0);
    }
  });
});
