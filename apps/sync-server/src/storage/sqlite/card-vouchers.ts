import type { CardState, Voucher } from "@stamp/core";
import type Database from "better-sqlite3";

/** SQL for a card's vouchers as one JSON array in cycle order; `cardId` is the card id column. */
export function vouchersJsonOf(cardId: string): string {
  return `(SELECT json_group_array(json(v.body) ORDER BY v.cycle) FROM card_vouchers v WHERE v.card_id = ${cardId})`;
}

/**
 * A card's vouchers, one row per cycle. A save writes only the vouchers that are not the very
 * objects it was loaded with: stamp-core replaces a voucher when it changes and keeps the others,
 * so a stamp that completes no cycle writes none.
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

  /** Writes what changed since `before` (null: nothing is known, write them all); true if any. */
  save(cardId: string, state: CardState, before: readonly Voucher[] | null): boolean {
    let wrote = false;
    state.vouchers.forEach((voucher, i) => {
      if (before?.[i] === voucher) return;
      this.#put.run(cardId, voucher.cycle, JSON.stringify(voucher), voucher.code ?? null);
      wrote = true;
    });
    if (before === null || before.length > state.vouchers.length)
      wrote = this.#dropFrom.run(cardId, state.vouchers.length).changes > 0 || wrote;
    return wrote;
  }
}
