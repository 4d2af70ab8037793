import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./open-database";
import { CAMPAIGN_CARDS, versionSql } from "./wallet-pass-versions";

const dir = mkdtempSync(join(tmpdir(), "stamp-pass-versions-plan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("SQLite pass versions of a campaign step", () => {
  it("version and queue the step's cards by their ids, never every card of the merchant", () => {
    const db = openDatabase(join(dir, "stamp.db")).$client;
    const scope = { now: 1, tag: 1, merchantId: "m", cardIds: '["a","b"]' };
    const plans = Object.values(versionSql(CAMPAIGN_CARDS)).map((sql) =>
      db
        .prepare<[typeof scope], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(scope)
        .map((row) => row.detail),
    );
    db.close();
    for (const plan of plans) {
      expect(plan).toContain("SEARCH c USING INDEX sqlite_autoindex_cards_1 (id=?)");
      expect(plan.filter((step) => step.includes("merchant_id"))).toEqual([]);
    }
  });
});
