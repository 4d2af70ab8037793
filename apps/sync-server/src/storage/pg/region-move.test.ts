import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../../../test/test-postgres";
import { TEST_SECRETS_KEY } from "../../../test/test-server";
import { append, newCard, newMerchant, newTill } from "../contract/harness";
import { openPgStorage } from "./pg-storage";

describe("PostgreSQL: a location moved to another region while a till's batch is in flight", () => {
  let database: TestPostgresDatabase;
  afterAll(() => database?.drop());

  it("puts the batch's card in the new region, never only the old one (SC8)", async () => {
    database = await freshPostgresDatabase();
    const storage = await openPgStorage(database.url, { secretsKey: TEST_SECRETS_KEY });
    const { store } = storage;
    const client = new pg.Client({ connectionString: database.url });
    const holder = new pg.Client({ connectionString: database.url });
    await client.connect();
    await holder.connect();
    /** Backends of the test database waiting for a lock (read outside `holder`'s transaction). */
    const waiting = async () =>
      Number(
        (
          await client.query<{ n: string }>(
            `SELECT count(*) AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )
        ).rows[0]?.n,
      );
    try {
      const merchant = await newMerchant(store);
      const { merchantId, locationId: shop } = merchant;
      const till = await newTill(store, merchant, shop);
      const reader = await newTill(store, merchant, shop);
      const [before, after] = [randomUUID(), randomUUID()];
      for (const [id, name] of [
        [before, "North"],
        [after, "South"],
      ] as const)
        expect(await store.createRegion({ id, merchantId, name, createdAt: 1 })).toBe(true);
      expect(await store.setLocationRegion(merchantId, shop, before)).toBe(true);
      const card = await newCard(store, merchant); // joined on a phone: of no location yet

      // The move takes the merchant's log row, then waits for the location's row held here.
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM locations WHERE id = $1 FOR UPDATE", [shop]);
      const move = store.setLocationRegion(merchantId, shop, after);
      await vi.waitFor(async () => expect(await waiting()).toBe(1), { timeout: 10_000 });
      // The card's first stamp at the shop plans its regions now (the old one), and waits for the
      // log row the move holds.
      const stamp = till.stamp(card);
      const stamped = append(store, merchant, [stamp]);
      await vi.waitFor(async () => expect(await waiting()).toBe(2), { timeout: 10_000 });
      await holder.query("COMMIT");
      expect(await move).toBe(true);
      expect((await stamped).map((o) => o.status)).toEqual(["accepted"]);

      const version = (await store.getRegion(merchantId, after))?.version as number;
      const page = await store.eventsAfter(
        merchantId,
        reader.deviceId,
        { kind: "region", regionId: after, version },
        0,
        100,
      );
      expect(page.rows.map((e) => e.id)).toContain(stamp.id);
      const regions = await client.query("SELECT region_id FROM card_regions WHERE card_id = $1", [
        card,
      ]);
      expect(regions.rows).toEqual([{ region_id: after }]);
    } finally {
      await client.end();
      await holder.end();
      await storage.close();
    }
  });
});
