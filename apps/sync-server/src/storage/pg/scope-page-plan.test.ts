import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../../../test/test-postgres";
import { NO_LOCATION } from "../append/scope-entries";
import { SCOPE_PAGE } from "./scope-log";
import { withPgClient } from "./with-pg-client";

const ROWS = 20_000;

describe("a page of a location's view on PostgreSQL", () => {
  let database: TestPostgresDatabase;

  beforeAll(async () => {
    database = await freshPostgresDatabase("migrated");
  });
  afterAll(() => database.drop());

  it("reads each scope's rows by its primary key from the cursor, merged, not every row of both sorted (issue 16)", async () => {
    const plan = await withPgClient(database.url, async (client) => {
      // A location's view of a long log, some rows every location reads, another location's.
      await client.query(
        `INSERT INTO scope_log (merchant_id, scope, pos, seq)
         SELECT 'm', CASE WHEN g % 50 = 0 THEN $2 WHEN g % 3 = 0 THEN 'south' ELSE 'north' END, g, g
         FROM generate_series(1, $1::int) g`,
        [ROWS, NO_LOCATION],
      );
      // Their events, without the merchant, cards and device they belong to (the plan's only).
      await client.query("SET session_replication_role = replica");
      await client.query(
        `INSERT INTO events (seq, id, merchant_id, card_id, device_id, hlc, type, body, received_at)
         SELECT g, 'e' || g, 'm', 'c' || g % 500, 'd' || g % 20, lpad(g::text, 12, '0'),
           'stamps.added', repeat('x', 300), g
         FROM generate_series(1, $1::int) g`,
        [ROWS],
      );
      await client.query("ANALYZE scope_log, events");
      const explained = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${SCOPE_PAGE}`, [
        "m",
        "north",
        "till",
        0,
        ROWS,
        1_001,
      ]);
      return explained.rows.map((row) => row["QUERY PLAN"]);
    });
    expect(plan.join("\n")).toContain("Merge Append");
    expect(plan.filter((step) => /Seq Scan on scope_log|-> {2}Sort {2}/.test(step))).toEqual([]);
  });
});
