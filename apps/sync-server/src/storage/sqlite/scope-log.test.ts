import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./open-database";
import { SCOPE_PAGE } from "./scope-log";

const dir = mkdtempSync(join(tmpdir(), "stamp-scope-page-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a page of a location's view on SQLite", () => {
  it("reads each scope's rows by its primary key from the cursor, merged, not every row of both sorted (issue 16)", () => {
    const db = openDatabase(join(dir, "stamp.db")).$client;
    const params = { merchantId: "m", scope: "north", cursor: 0, head: 9, deviceId: "d", rows: 3 };
    const plan = db
      .prepare<[typeof params], { detail: string }>(`EXPLAIN QUERY PLAN ${SCOPE_PAGE}`)
      .all(params)
      .map((row) => row.detail);
    db.close();
    // Each scope read in its key's order and cut at the page's size; only the two pages are sorted.
    const search = "SEARCH s USING PRIMARY KEY (merchant_id=? AND scope=? AND pos>? AND pos<?)";
    expect(plan.filter((step) => step === search)).toHaveLength(2);
    expect(plan).toContain("COMPOUND QUERY");
    expect(plan.filter((step) => step.includes("USE TEMP B-TREE"))).toEqual([
      "USE TEMP B-TREE FOR ORDER BY",
    ]);
    expect(plan.at(-1)).toBe("USE TEMP B-TREE FOR ORDER BY");
  });
});
