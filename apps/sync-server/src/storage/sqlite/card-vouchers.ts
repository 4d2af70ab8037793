import type { Voucher } from "@stamp/core";
import type Database from "better-sqlite3";
import type { VoucherWrites } from "../append/card-write";

/** SQL for a card's vouchers as one JSON array in cycle order; `cardId` is the card id column. */
export function vouchersJsonOf(cardId: string): string {
  return `(SELECT json_group_array(json(v.body) ORDER BY v.cycle) FROM card_vouchers v WHERE v.card_id = ${cardId})`;
}

/**
 * A card's vouchers, one row per cycle. A save writes only the vouchers that are not the very
 * objects it was loaded with (`append/card-write.ts`): stamp-core replaces a voucher when it
 * changes and keeps the others, so a stamp that completes no cycle writes none.
 */
export class CardVouchers {
  readonly #load: Database.Statement<[string], { body: string }>;
  readonly #put: Database.Statement<[string, number, string, string | null]>;
  readonly #dropFrom: Database.Statement<[string, number]>;

  constructor(db: Database.Database) {
    this.#load = db.prepare("SELECT body FROM card_vouchers WHERE card_id = ? ORDER BY cycle");
    this.#put = db.prepare(
      `INSERT INTO card_vouchers (card_id, cycle, body, code) VALUES (?, ?, ?, ?)
       ON CONFLICT (card_id, cycle) DO UPDATE SET body = excluded.body, code = excluded.code`,
    );
    this.#dropFrom = db.prepare("DELETE FROM card_vouchers WHERE card_id = ? AND cycle > ?");
  }

  load(cardId: string): Voucher[] {
    return this.#load.all(cardId).map((row) => JSON.parse(row.body) as Voucher);
  }

  /** Writes what changed; true if any row was written. */
  save(cardId: string, writes: VoucherWrites): boolean {
    for (const voucher of writes.put)
      this.#put.run(cardId, voucher.cycle, JSON.stringify(voucher), voucher.code ?? null);
    const dropped =
      writes.dropAbove !== null && this.#dropFrom.run(cardId, writes.dropAbove).changes > 0;
    return writes.put.length > 0 || dropped;
  }
}
