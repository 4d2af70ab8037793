import type { StampEvent, Voucher } from "@stamp/core";
import {
  batchLocations,
  type CardVoucherWrites,
  type RewardWrites,
  refKey,
  rewardWrites,
} from "../../insight/reward-rows";
import type { PgTx } from "./pg-context";

/** insight_rewards rows with their locations looked up, and the cycles to drop. */
export interface PlannedRewards {
  readonly put: readonly {
    readonly cardId: string;
    readonly cycle: number;
    readonly issuedDay: number | null;
    readonly issuedLocation: string | null;
    readonly redeemedDay: number | null;
    readonly redeemedLocation: string | null;
  }[];
  readonly drops: RewardWrites["drops"];
}

/**
 * The reward rows of what saves wrote of the cards' vouchers, their events' locations read from
 * the log (one query, none when the batch holds them all) or from the batch, which is not stored
 * yet. `locationOf` knows the batch's devices once `stored` has resolved (the caller's lookups run
 * in the same round trip).
 */
export async function planRewards(
  tx: PgTx,
  events: readonly StampEvent[],
  writes: readonly CardVoucherWrites[],
  deviceLocations: Promise<(deviceId: string) => string>,
): Promise<PlannedRewards> {
  const planned = rewardWrites(writes);
  // A voucher's events are its card's: only the events of cards with a voucher written can be
  // among its refs (the rest are read from the log). Keying every event of the batch (two keys,
  // one a new string, each) cost more than the ~50 vouchers a 500-stamp batch writes.
  const voucherCards = new Set(planned.put.map((row) => row.cardId));
  const theirs = events.filter((e) => voucherCards.has(e.cardId));
  const inBatch = new Set(theirs.flatMap((e) => [`${e.cardId}|${e.hlc}`, e.id]));
  const refs = planned.put.flatMap((row) => [row.issuedBy, row.redeemedBy]);
  const byHlc = refs.flatMap((ref) =>
    ref?.kind === "hlc" && !inBatch.has(refKey(ref)) ? [ref] : [],
  );
  const byId = refs.flatMap((ref) =>
    ref?.kind === "id" && !inBatch.has(ref.eventId) ? [ref] : [],
  );
  const [stored, locationOf] = await Promise.all([
    byHlc.length + byId.length === 0
      ? []
      : tx.query<{ key: string; location: string }>(
          "insight-reward-events",
          `SELECT e.card_id || '|' || e.hlc AS key, coalesce(d.location_id, '') AS location
           FROM unnest($1::text[], $2::text[]) AS k (card_id, hlc)
           JOIN events e ON e.card_id = k.card_id AND e.hlc = k.hlc
           JOIN devices d ON d.id = e.device_id
           UNION ALL
           SELECT e.id, coalesce(d.location_id, '') FROM events e JOIN devices d ON d.id = e.device_id
           WHERE e.id = ANY($3::text[])`,
          [
            byHlc.map((ref) => ref.cardId),
            byHlc.map((ref) => ref.hlc),
            byId.map((ref) => ref.eventId),
          ],
        ),
    deviceLocations,
  ]);
  const found = batchLocations(theirs, locationOf);
  for (const row of stored) found.set(row.key, row.location);
  const at = (ref: (typeof refs)[number]) => (ref ? (found.get(refKey(ref)) ?? null) : null);
  return {
    put: planned.put.map((row) => ({
      cardId: row.cardId,
      cycle: row.cycle,
      issuedDay: row.issuedDay,
      issuedLocation: at(row.issuedBy),
      redeemedDay: row.redeemedDay,
      redeemedLocation: at(row.redeemedBy),
    })),
    drops: planned.drops,
  };
}

/**
 * The voucher rows of the merchant's next `limit` cards after `afterCardId`, as saves that wrote
 * each of them (what the rebuild counts), and the last card's id (null: none left). The cards are
 * held first, in id order as an append holds its own, so no append writes their rows meanwhile.
 */
export async function cardVouchers(
  tx: PgTx,
  merchantId: string,
  afterCardId: string,
  limit: number,
): Promise<{ readonly last: string | null; readonly writes: CardVoucherWrites[] }> {
  const cards = await tx.query<{ id: string }>(
    "insight-rebuild-cards",
    `SELECT id FROM cards WHERE merchant_id = $1 AND id > $2 ORDER BY id LIMIT $3
     FOR NO KEY UPDATE`,
    [merchantId, afterCardId, limit],
  );
  const last = cards.at(-1)?.id ?? null;
  if (last === null) return { last, writes: [] };
  const rows = await tx.query<{ card_id: string; body: string }>(
    "insight-rebuild-vouchers",
    `SELECT card_id, body FROM card_vouchers WHERE card_id = ANY($1::text[])
     ORDER BY card_id, cycle`,
    [cards.map((card) => card.id)],
  );
  const byCard = new Map<string, Voucher[]>();
  for (const row of rows)
    byCard.set(row.card_id, [...(byCard.get(row.card_id) ?? []), JSON.parse(row.body) as Voucher]);
  return {
    last,
    writes: [...byCard].map(([cardId, put]) => ({ cardId, vouchers: { put, dropAbove: null } })),
  };
}
