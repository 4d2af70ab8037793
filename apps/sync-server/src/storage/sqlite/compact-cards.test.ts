import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CARD_PROGRAMS } from "./compact-cards";
import { openDatabase } from "./open-database";

const dir = mkdtempSync(join(tmpdir(), "stamp-compact-plan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("SQLite compact cards' statements", () => {
  it("read a page's cards and programs by the cards' ids, never every card of the merchant", () => {
    const db = openDatabase(join(dir, "stamp.db")).$client;
    const plan = db
      .prepare<[string, string], { detail: string }>(`EXPLAIN QUERY PLAN ${CARD_PROGRAMS}`)
      .all('["a","b"]', "m")
      .map((row) => row.detail);
    db.close();
    expect(plan).toContain("SEARCH c USING INDEX sqlite_autoindex_cards_1 (id=?)");
    expect(plan.filter((step) => step.includes("merchant_id"))).toEqual([]);
  });
});
