import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../../../test/test-postgres";
import { TEST_SECRETS_KEY } from "../../../test/test-server";
import { newMerchant, newTill } from "../contract/harness";
import { openPgStorage } from "./pg-storage";

describe("PostgreSQL sync place", () => {
  let database: TestPostgresDatabase;
  afterAll(() => database?.drop());

  it("reads the places of a location's tills that ask together in one statement, each with its own device", async () => {
    database = await freshPostgresDatabase();
    const { store, close } = await openPgStorage(database.url, { secretsKey: TEST_SECRETS_KEY });
    try {
      const merchant = await newMerchant(store);
      const { merchantId, locationId } = merchant;
      const tills = [];
      for (let i = 0; i < 5; i++) tills.push((await newTill(store, merchant)).deviceId);
      const asked = [...tills, tills[0] as string, randomUUID()];
      const alone = [];
      for (const deviceId of asked)
        alone.push(await store.syncPlace(deviceId, merchantId, locationId));
      const query = vi.spyOn(pg.Client.prototype, "query");
      // Asked at once (as the held pulls a stamp answered ask again), before a connection is theirs.
      const together = await Promise.all(
        asked.map((deviceId) => store.syncPlace(deviceId, merchantId, locationId)),
      );
      const sent = query.mock.calls.filter(
        ([config]) => (config as { name?: string }).name === "sync-place",
      );
      query.mockRestore();
      expect(sent).toHaveLength(1);
      expect(together).toEqual(alone);
      expect(together.map((place) => place.device?.id ?? null)).toEqual([...tills, tills[0], null]);
      expect(new Set(together.map((place) => place.location?.id))).toEqual(new Set([locationId]));
    } finally {
      await close();
    }
  });
});
