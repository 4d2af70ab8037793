import { describe, expect, it } from "vitest";
import { databaseBefore, oldMerchantWithProgram } from "../../../test/sqlite-migrations";
import { openDatabase } from "./open-database";

const NOW = 1_700_000_000_000;
const MERCHANT = "0190a000-0000-4000-8000-000000000001";

describe("migration 0040", () => {
  it("moves each card's rollup row onto the card, and cards without one start from nothing", () => {
    const { file, db: old } = databaseBefore(40);
    oldMerchantWithProgram(old, MERCHANT, NOW);
    const card = old.prepare(
      `INSERT INTO cards (id, merchant_id, program_id, code, number, created_at, state, stamps,
         cycles, conflicts, updated_at) VALUES (?, ?, ?, 'code', ?, ?, '{}', 0, 0, 0, ?)`,
    );
    for (const [id, number] of [
      ["counted", "1"],
      ["enrolment-not-logged", "2"],
      ["uncounted", "3"],
    ])
      card.run(id, MERCHANT, MERCHANT, number, NOW, NOW);
    const rollup = old.prepare(
      `INSERT INTO insight_cards (card_id, merchant_id, location_id, enrolled_at, visits,
         last_visit_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    rollup.run("counted", MERCHANT, "north", NOW - 5, 3, NOW - 1);
    rollup.run("enrolment-not-logged", MERCHANT, "", null, 0, null);
    old.close();

    const db = openDatabase(file).$client;
    const cards = db
      .prepare(
        `SELECT id, insight_enrolled_at, insight_location_id, insight_visits, insight_last_visit_at
         FROM cards ORDER BY id`,
      )
      .raw()
      .all();
    expect(cards).toEqual([
      ["counted", NOW - 5, "north", 3, NOW - 1],
      ["enrolment-not-logged", null, "", 0, null],
      ["uncounted", null, "", 0, null],
    ]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'insight_cards'").get()).toBe(
      undefined,
    );
  });
});
