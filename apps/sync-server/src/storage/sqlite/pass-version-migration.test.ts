import { describe, expect, it } from "vitest";
import { databaseBefore, oldMerchantWithProgram } from "../../../test/sqlite-migrations";
import { openDatabase } from "./open-database";

const NOW = 1_700_000_000_000;
const MERCHANT = "0190a000-0000-4000-8000-000000000001";
const card = (n: number) => `0190a000-0000-4000-8000-0000000000c${n}`;

describe("migration 0035", () => {
  it("moves each pass's version onto its card, and leaves a card without a pass without one", () => {
    const { file, db: old } = databaseBefore(35);
    oldMerchantWithProgram(old, MERCHANT, NOW);
    for (const n of [1, 2])
      old
        .prepare(
          "INSERT INTO cards (id, merchant_id, program_id, code, number, created_at, state, stamps, cycles, conflicts, updated_at) VALUES (?, ?, ?, '', ?, ?, '{}', 0, 0, 0, ?)",
        )
        .run(card(n), MERCHANT, MERCHANT, String(n), NOW, NOW);
    old
      .prepare(
        "INSERT INTO wallet_passes (card_id, merchant_id, auth_token, fingerprint, updated_at, update_seq) VALUES (?, ?, 't', 'shown', ?, 9)",
      )
      .run(card(1), MERCHANT, NOW + 1000);
    old.close();

    const db = openDatabase(file).$client;
    const cards = db
      .prepare("SELECT id, pass_fingerprint, pass_updated_at, pass_seq FROM cards ORDER BY id")
      .all();
    expect(cards).toEqual([
      { id: card(1), pass_fingerprint: "shown", pass_updated_at: NOW + 1000, pass_seq: 9 },
      { id: card(2), pass_fingerprint: null, pass_updated_at: null, pass_seq: null },
    ]);
    expect(db.prepare("SELECT card_id, auth_token FROM wallet_passes").all()).toEqual([
      { card_id: card(1), auth_token: "t" },
    ]);
    db.close();
  });
});
