import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../../../test/test-postgres";
import { NO_LOCATION } from "../append/scope-entries";
import { SCOPE_PAGE } from "./scope-log";
import { VIEW_TAIL_SCOPE } from "./view-tail";
import { withPgClient } from "./with-pg-client";

const ROWS = 20_000;

/** A plan node of EXPLAIN (ANALYZE, FORMAT JSON), as far as these tests look. */
interface PlanNode {
  readonly "Relation Name"?: string;
  readonly "Actual Rows": number;
  readonly "Actual Loops": number;
  readonly Plans?: readonly PlanNode[];
}

/** How many rows of `scope_log` the plan's scans of it returned. */
const scopeRowsRead = (node: PlanNode): number =>
  (node["Relation Name"] === "scope_log" ? node["Actual Rows"] * node["Actual Loops"] : 0) +
  (node.Plans ?? []).reduce((sum, child) => sum + scopeRowsRead(child), 0);

/**
 * Reads of a location's view read each scope's primary-key range from their position, as far as the
 * rows they ask for: a pull's page (`SCOPE_PAGE`) and the scope tail's read (`VIEW_TAIL_SCOPE`).
 */
describe("reads of a location's view on PostgreSQL", () => {
  let database: TestPostgresDatabase;
  const explain = (statement: string, values: unknown[]) =>
    withPgClient(database.url, async (client) => {
      const explained = await client.query<{ "QUERY PLAN": string }>(
        `EXPLAIN ${statement}`,
        values,
      );
      return explained.rows.map((row) => row["QUERY PLAN"]);
    });
  const analyze = (statement: string, values: unknown[]) =>
    withPgClient(database.url, async (client) => {
      const explained = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${statement}`,
        values,
      );
      return explained.rows[0]?.["QUERY PLAN"][0].Plan as PlanNode;
    });

  beforeAll(async () => {
    database = await freshPostgresDatabase("migrated");
    await withPgClient(database.url, async (client) => {
      // A location's view of a long log, some rows every location reads, another location's.
      await client.query(
        `INSERT INTO scope_log (merchant_id, scope, pos, seq)
         SELECT 'm', CASE WHEN g % 50 = 0 THEN $2 WHEN g % 3 = 0 THEN 'south' ELSE 'north' END, g, g
         FROM generate_series(1, $1::int) g`,
        [ROWS, NO_LOCATION],
      );
      // Their events and the log's row, without the merchant, cards and device they belong to
      // (the plan's only).
      await client.query("SET session_replication_role = replica");
      await client.query(
        `INSERT INTO events (seq, id, merchant_id, card_id, device_id, hlc, type, body, received_at)
         SELECT g, 'e' || g, 'm', 'c' || g % 500, 'd' || g % 20, lpad(g::text, 12, '0'),
           'stamps.added', repeat('x', 300), g
         FROM generate_series(1, $1::int) g`,
        [ROWS],
      );
      await client.query(
        "INSERT INTO merchant_logs (merchant_id, head, pass_tag) VALUES ('m', $1, 0)",
        [ROWS],
      );
      await client.query("ANALYZE scope_log, events, merchant_logs");
    });
  });
  afterAll(() => database.drop());

  it("a page reads each scope's rows by its primary key from the cursor, merged, not every row of both sorted (issue 16)", async () => {
    const plan = await explain(SCOPE_PAGE, ["m", "north", "till", 0, ROWS, 1_001]);
    expect(plan.join("\n")).toContain("Merge Append");
    expect(plan.filter((step) => /Seq Scan on scope_log|-> {2}Sort {2}/.test(step))).toEqual([]);
  });

  it("the scope tail's read from the start reads each scope's rows by its primary key too (issue 13)", async () => {
    // 101 rows asked of a view of ~13,700: each scope's range is read as far as the rows asked.
    const plan = await analyze(VIEW_TAIL_SCOPE, ["m", 0, 101, "north"]);
    expect(scopeRowsRead(plan)).toBeLessThanOrEqual(2 * 101);
  });
});
