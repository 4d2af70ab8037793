import { describe, expect, it } from "vitest";
import { databaseBefore, oldMerchantWithProgram } from "../../../test/sqlite-migrations";
import { openDatabase } from "./open-database";

const NOW = 1_700_000_000_000;
const MERCHANT = "0190a000-0000-4000-8000-000000000001";

describe("migration 0036", () => {
  it("lists each region's locations at its current version, and none at older ones (SC8 joins)", () => {
    const { file, db: old } = databaseBefore(37);
    oldMerchantWithProgram(old, MERCHANT, NOW);
    const region = old.prepare(
      "INSERT INTO regions (id, merchant_id, name, version, created_at) VALUES (?, ?, ?, ?, ?)",
    );
    region.run("coast", MERCHANT, "Coast", 3, NOW);
    region.run("hills", MERCHANT, "Hills", 5, NOW);
    region.run("empty", MERCHANT, "Empty", 6, NOW);
    const location = old.prepare(
      `INSERT INTO locations (id, merchant_id, name, staff_pin_salt, staff_pin_iterations,
         staff_pin_hash, created_at, region_id) VALUES (?, ?, ?, 's', 1, 'h', ?, ?)`,
    );
    for (const [id, regionId] of [
      ["north", "coast"],
      ["south", "coast"],
      ["east", "hills"],
      ["west", null],
    ])
      location.run(id, MERCHANT, id, NOW, regionId);
    old.close();

    const db = openDatabase(file).$client;
    const listed = db
      .prepare<[], { merchant_id: string; version: number; location_id: string }>(
        "SELECT merchant_id, version, location_id FROM region_members ORDER BY version, location_id",
      )
      .all();
    expect(listed).toEqual([
      { merchant_id: MERCHANT, version: 3, location_id: "north" },
      { merchant_id: MERCHANT, version: 3, location_id: "south" },
      { merchant_id: MERCHANT, version: 5, location_id: "east" },
    ]);
  });
});
