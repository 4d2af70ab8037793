import { describe, expect, it } from "vitest";
import { databaseBefore } from "../../../test/sqlite-migrations";
import { openDatabase } from "./open-database";

const MERCHANT = "0190a000-0000-4000-8000-000000000001";

describe("migration 0039", () => {
  it("keeps every scope_log entry in a table without a rowid, read by its primary key", () => {
    const { file, db: old } = databaseBefore(39);
    const entry = old.prepare(
      "INSERT INTO scope_log (merchant_id, scope, pos, seq) VALUES (?, ?, ?, ?)",
    );
    const entries = [
      [MERCHANT, "~", 1, 1],
      [MERCHANT, "north", 2, 2],
      [MERCHANT, "north", 2, 3],
      [MERCHANT, "region:coast", 7, 2],
    ] as const;
    for (const row of entries) entry.run(...row);
    old.close();

    const db = openDatabase(file).$client;
    const rows = db
      .prepare<[], { merchant_id: string; scope: string; pos: number; seq: number }>(
        "SELECT merchant_id, scope, pos, seq FROM scope_log ORDER BY merchant_id, scope, pos, seq",
      )
      .raw()
      .all();
    // "~" sorts after the letters.
    expect(rows).toEqual([entries[1], entries[2], entries[3], entries[0]]);
    const { sql } = db
      .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'scope_log'")
      .get() as { sql: string };
    expect(sql).toMatch(/WITHOUT ROWID$/);
    // A location's page reads the primary key's range, as before.
    const plan = db
      .prepare<[], { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT pos, seq FROM scope_log
         WHERE merchant_id = 'm' AND scope IN ('north', '~') AND pos > 1 AND pos <= 9`,
      )
      .all()
      .map((row) => row.detail);
    expect(plan).toEqual([
      expect.stringContaining("USING PRIMARY KEY (merchant_id=? AND scope=? AND pos>? AND pos<?)"),
    ]);
    // The primary key still refuses an entry twice.
    expect(() =>
      db.prepare("INSERT INTO scope_log VALUES (?, 'north', 2, 2)").run(MERCHANT),
    ).toThrow(/UNIQUE/);
  });
});
