import { type CardState, emptyCardState, type Voucher } from "@stamp/core";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { databaseBefore } from "../../../test/sqlite-migrations";
import { defaultProgram } from "../../programs/default-program";
import { voucherWrites } from "../append/card-write";
import { CardVouchers } from "./card-vouchers";
import { openDatabase } from "./open-database";

const program = defaultProgram("0190a000-0000-4000-8000-000000000001");
const CARD = "0190a000-0000-4000-8000-00000000000c";

function voucher(cycle: number, status: Voucher["status"] = "issued"): Voucher {
  return {
    id: `v${cycle}`,
    cycle,
    kind: "simple",
    title: "Free coffee",
    status,
    issuedAt: "2026-01-01T10:00:00.000Z-0000-0000000000000003",
    programVersion: 1,
  };
}

function withVouchers(vouchers: readonly Voucher[]): CardState {
  return { ...emptyCardState(program, CARD), vouchers };
}

/** A program as stored before EAN-13 joined the formats, when Code 128 was called "barcode". */
const barcodeProgram = {
  ...program,
  reward: {
    kind: "voucher",
    title: "10% off",
    redemption: { method: "code", format: "barcode", code: { kind: "generated" } },
  },
};

function openVouchers() {
  const db = new Database(":memory:");
  db.exec(
    "CREATE TABLE card_vouchers (card_id TEXT, cycle INTEGER, body TEXT, code TEXT, PRIMARY KEY (card_id, cycle))",
  );
  let writes = 0;
  db.function("counted", () => ++writes);
  db.exec(
    "CREATE TRIGGER put AFTER INSERT ON card_vouchers BEGIN SELECT counted(); END; CREATE TRIGGER change AFTER UPDATE ON card_vouchers BEGIN SELECT counted(); END;",
  );
  const vouchers = new CardVouchers(db);
  const save = (state: CardState, before: readonly Voucher[] | null) =>
    vouchers.save(CARD, voucherWrites(state, before));
  return { vouchers, save, writes: () => writes };
}

describe("CardVouchers", () => {
  it("writes every voucher when nothing is known, then only the ones that changed", () => {
    const { vouchers, save, writes } = openVouchers();
    const first = withVouchers([voucher(1), voucher(2)]);
    expect(save(first, null)).toBe(true);
    expect(writes()).toBe(2);

    // A stamp that completes no cycle keeps the same voucher objects: nothing is written.
    const stamped = { ...first, stamps: 3, vouchers: [...first.vouchers] };
    expect(save(stamped, first.vouchers)).toBe(false);
    expect(writes()).toBe(2);

    // A redemption replaces one voucher; a completed cycle adds one.
    const redeemed = withVouchers([
      stamped.vouchers[0] as Voucher,
      voucher(2, "redeemed"),
      voucher(3),
    ]);
    expect(save(redeemed, stamped.vouchers)).toBe(true);
    expect(writes()).toBe(4);
    expect(vouchers.load(CARD)).toEqual(redeemed.vouchers);
  });

  it("writes only the vouchers a refold changed, though it makes new objects for all of them", () => {
    const { save, writes } = openVouchers();
    const stored = withVouchers([voucher(1, "redeemed"), voucher(2), voucher(3)]);
    save(stored, null);
    const refolded = withVouchers([
      { ...voucher(1, "redeemed") },
      { ...voucher(2), issuedAt: "2026-01-01T11:00:00.000Z-0000-0000000000000003" },
      { ...voucher(3) },
    ]);
    expect(save(refolded, stored.vouchers)).toBe(true);
    expect(writes()).toBe(3 + 1);
  });

  it("drops the vouchers a refold no longer has", () => {
    const { vouchers, save } = openVouchers();
    save(withVouchers([voucher(1), voucher(2), voucher(3)]), null);
    expect(save(withVouchers([voucher(1)]), null)).toBe(true);
    expect(vouchers.load(CARD)).toEqual([voucher(1)]);
  });
});

describe("migrations 0003–0005", () => {
  it("move the vouchers of cards stored inline into their own rows, index their codes, and rename the barcode format", () => {
    const { file, db: old } = databaseBefore(3);
    const now = 1_700_000_000_000;
    old
      .prepare("INSERT INTO merchants (id, name, created_at) VALUES (?, 'Old Cafe', ?)")
      .run(program.merchantId, now);
    old
      .prepare(
        "INSERT INTO programs (id, merchant_id, slug, version, body, created_at, updated_at) VALUES (?, ?, 'old', 1, ?, ?, ?)",
      )
      .run(program.id, program.merchantId, JSON.stringify(barcodeProgram), now, now);
    const inline = withVouchers([voucher(1, "redeemed"), { ...voucher(2), code: "K7M2QX9A" }]);
    old
      .prepare(
        "INSERT INTO cards (id, merchant_id, program_id, code, created_at, state, stamps, cycles, conflicts, updated_at) VALUES (?, ?, ?, '', ?, ?, 0, 2, 0, ?)",
      )
      .run(CARD, program.merchantId, program.id, now, JSON.stringify(inline), now);
    old.close();

    const db = openDatabase(file).$client;
    const state = db.prepare<[], { state: string }>("SELECT state FROM cards").get();
    expect(JSON.parse(state?.state ?? "{}")).not.toHaveProperty("vouchers");
    expect(new CardVouchers(db).load(CARD)).toEqual(inline.vouchers);
    const codes = db
      .prepare<[], { code: string | null }>("SELECT code FROM card_vouchers ORDER BY cycle")
      .all();
    expect(codes.map((row) => row.code)).toEqual([null, "K7M2QX9A"]);
    const body = db.prepare<[], { body: string }>("SELECT body FROM programs").get()?.body ?? "{}";
    expect(JSON.parse(body).reward.redemption.format).toBe("code128");
    db.close();
  });
});
