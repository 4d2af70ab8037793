import type { Voucher } from "@stamp/core";
import type Database from "better-sqlite3";
import {
  type CardVoucherWrites,
  type RewardEventRef,
  refKey,
  rewardWrites,
} from "../../insight/reward-rows";

const NOTHING_KNOWN: ReadonlyMap<string, string> = new Map();

/**
 * Keeps insight_rewards in step with card_vouchers: each voucher row written or dropped is the
 * reward row written or dropped, in the same transaction, after the events that name it are stored.
 */
export class InsightRewards {
  readonly #byHlc: Database.Statement<[string, string], { location: string }>;
  readonly #byId: Database.Statement<[string], { location: string }>;
  /** Positional: binding named values from an object costs more than the write (issue 13). */
  readonly #put: Database.Statement<
    [string, number, string, number | null, string | null, number | null, string | null]
  >;
  readonly #drop: Database.Statement<[string, number]>;
  readonly #cards: Database.Statement<[string, string, number], { id: string }>;
  readonly #vouchers: Database.Statement<
    [string, string, string],
    { card_id: string; body: string }
  >;

  constructor(db: Database.Database) {
    const located =
      "SELECT coalesce(d.location_id, '') AS location FROM events e JOIN devices d ON d.id = e.device_id";
    this.#byHlc = db.prepare(`${located} WHERE e.card_id = ? AND e.hlc = ? LIMIT 1`);
    this.#byId = db.prepare(`${located} WHERE e.id = ?`);
    this.#put = db.prepare(
      `INSERT INTO insight_rewards (card_id, cycle, merchant_id, issued_day, issued_location,
         redeemed_day, redeemed_location)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (card_id, cycle) DO UPDATE SET issued_day = excluded.issued_day,
         issued_location = excluded.issued_location, redeemed_day = excluded.redeemed_day,
         redeemed_location = excluded.redeemed_location`,
    );
    this.#drop = db.prepare("DELETE FROM insight_rewards WHERE card_id = ? AND cycle > ?");
    this.#cards = db.prepare(
      "SELECT id FROM cards WHERE merchant_id = ? AND id > ? ORDER BY id LIMIT ?",
    );
    this.#vouchers = db.prepare(
      `SELECT v.card_id, v.body FROM card_vouchers v JOIN cards c ON c.id = v.card_id
       WHERE c.merchant_id = ? AND v.card_id > ? AND v.card_id <= ? ORDER BY v.card_id, v.cycle`,
    );
  }

  #location(ref: RewardEventRef | null, known: ReadonlyMap<string, string>): string | null {
    if (!ref) return null;
    const at = known.get(refKey(ref));
    if (at !== undefined) return at;
    const row =
      ref.kind === "hlc" ? this.#byHlc.get(ref.cardId, ref.hlc) : this.#byId.get(ref.eventId);
    return row?.location ?? null;
  }

  /**
   * What saves wrote of the cards' vouchers, written into the rollup. `known`: the locations of
   * events at hand by `refKey` (a batch's, `batchLocations`), read from the log for the rest.
   */
  save(
    merchantId: string,
    writes: readonly CardVoucherWrites[],
    known: ReadonlyMap<string, string>,
  ): void {
    const { put, drops } = rewardWrites(writes);
    for (const row of put)
      this.#put.run(
        row.cardId,
        row.cycle,
        merchantId,
        row.issuedDay,
        this.#location(row.issuedBy, known),
        row.redeemedDay,
        this.#location(row.redeemedBy, known),
      );
    for (const { cardId, keep } of drops) this.#drop.run(cardId, keep);
  }

  /**
   * The voucher rows of the merchant's next `limit` cards after `afterCardId` written into the
   * rollup: the id of the last of them, null when there are none left.
   */
  rebuildCards(merchantId: string, afterCardId: string, limit: number): string | null {
    const last = this.#cards.all(merchantId, afterCardId, limit).at(-1)?.id;
    if (last === undefined) return null;
    const byCard = new Map<string, Voucher[]>();
    for (const row of this.#vouchers.all(merchantId, afterCardId, last))
      byCard.set(row.card_id, [...(byCard.get(row.card_id) ?? []), JSON.parse(row.body)]);
    this.save(
      merchantId,
      [...byCard].map(([cardId, put]) => ({ cardId, vouchers: { put, dropAbove: null } })),
      NOTHING_KNOWN,
    );
    return last;
  }
}
