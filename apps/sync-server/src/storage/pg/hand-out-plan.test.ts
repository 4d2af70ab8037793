import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../../../test/test-postgres";
import { HAND_OUT } from "./log-hand-out";
import { withPgClient } from "./with-pg-client";

const CARDS = 1_000;
const EVENTS = 500;
const WRITES = 400;

/** `handOut`'s values for a batch of EVENTS stamps on WRITES of the merchant's cards (none joins). */
function batchValues(): unknown[] {
  const n = Array.from({ length: EVENTS }, (_, i) => i);
  const w = Array.from({ length: WRITES }, (_, i) => i);
  const card = (i: number) => `c${String(i).padStart(4, "0")}`;
  return [
    "m",
    EVENTS,
    0,
    "0000000000000-0000-till",
    1,
    n.map((i) => `e${i}`),
    n.map((i) => card(i % WRITES)),
    n.map(() => "d"),
    n.map((i) => `${String(i).padStart(13, "0")}-0000-till`),
    n.map(() => "stamps.added"),
    n.map(() => '{"type":"stamps.added"}').join("\n"),
    n.map(() => 1),
    n.map(() => null),
    w.map(card),
    w.map(() => '{"stamps":1}').join("\n"),
    w.map(() => 1),
    w.map(() => 0),
    w.map(() => "0000000000000-0000-till"),
    w.map(() => 0),
    [],
    [],
    [],
    n.map(() => "*"),
    n.map((i) => i + 1),
    n.map((i) => i + 1),
    null,
    [],
    w.map(() => 0),
    w.map(() => null),
    w.map(() => 1),
    w.map(() => 1),
    w.map(() => 1),
  ];
}

describe("the hand-out's statement on PostgreSQL", () => {
  let database: TestPostgresDatabase;

  beforeAll(async () => {
    database = await freshPostgresDatabase("migrated");
  });
  afterAll(() => database.drop());

  it("writes each card of a batch by its primary key, not by hashing a scan of every card (issue 13)", async () => {
    const plan = await withPgClient(database.url, async (client) => {
      // A shop's cards, without the merchant and program they belong to (the plan's only).
      await client.query("SET session_replication_role = replica");
      await client.query(
        `INSERT INTO cards (id, merchant_id, program_id, code, created_at, state, stamps, cycles,
           conflicts, updated_at)
         SELECT 'c' || lpad(g::text, 4, '0'), 'm', 'p', 'code' || g, g, repeat('x', 300), 0, 0, 0, g
         FROM generate_series(0, $1::int - 1) g`,
        [CARDS],
      );
      await client.query("ANALYZE cards");
      const explained = await client.query<{ "QUERY PLAN": string }>(
        `EXPLAIN ${HAND_OUT}`,
        batchValues(),
      );
      return explained.rows.map((row) => row["QUERY PLAN"]);
    });
    expect(plan.join("\n")).toContain("Index Scan using cards_pkey on cards c");
    expect(plan.filter((step) => /Seq Scan on cards/.test(step))).toEqual([]);
  });
});
