import { cardNumberFor } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { idsSharingANumber } from "../../../test/card-number-collision";
import { databaseBefore, oldMerchantWithProgram } from "../../../test/sqlite-migrations";
import { openDatabase } from "./open-database";

const NOW = 1_700_000_000_000;
const MERCHANT = "0190a000-0000-4000-8000-000000000001";

describe("migration 0012 (card numbers)", () => {
  it("numbers the cards an older server stored, oldest first, one number per card (SPEC N3)", () => {
    const { file, db: old } = databaseBefore(12);
    oldMerchantWithProgram(old, MERCHANT, NOW);
    const [older, younger] = idsSharingANumber();
    [older, younger].forEach((id, i) => {
      old
        .prepare(
          "INSERT INTO cards (id, merchant_id, program_id, code, created_at, state, stamps, cycles, conflicts, updated_at) VALUES (?, ?, ?, '', ?, '{}', 0, 0, 0, ?)",
        )
        .run(id, MERCHANT, MERCHANT, NOW + i, NOW);
    });
    old.close();
    const numbers = () =>
      openDatabase(file)
        .$client.prepare<[], { id: string; number: string }>(
          "SELECT id, number FROM cards ORDER BY created_at",
        )
        .all();
    expect(numbers()).toEqual([
      { id: older, number: cardNumberFor(older) },
      { id: younger, number: cardNumberFor(younger, 1) },
    ]);
    // Opening again changes nothing.
    expect(numbers()).toEqual([
      { id: older, number: cardNumberFor(older) },
      { id: younger, number: cardNumberFor(younger, 1) },
    ]);
  });
});
