import { hlcMillis, type StampEvent, type Voucher } from "@stamp/core";
import { DAY_MS } from "./dashboard-filter";

/** What a save wrote of one card's voucher rows (append/card-write.ts `VoucherWrites`). */
export interface CardVoucherWrites {
  readonly cardId: string;
  readonly vouchers: { readonly put: readonly Voucher[]; readonly dropAbove: number | null };
}

/**
 * The event that did a voucher's counted step: the card's event of that HLC (the stamp that
 * completed the cycle), or an event by id (the redemption or hand-over).
 */
export type RewardEventRef =
  | { readonly kind: "hlc"; readonly cardId: string; readonly hlc: string }
  | { readonly kind: "id"; readonly eventId: string };

/** An insight_rewards row, its locations still to look up. */
export interface RewardRow {
  readonly cardId: string;
  readonly cycle: number;
  /** The UTC day it was issued, null once withdrawn (no reward earned then). */
  readonly issuedDay: number | null;
  readonly issuedBy: RewardEventRef | null;
  /** The UTC day it was redeemed or handed over, null unless it was. */
  readonly redeemedDay: number | null;
  readonly redeemedBy: RewardEventRef | null;
}

/** What the rollup writes for some cards' voucher writes: rows to put, cycles to drop. */
export interface RewardWrites {
  readonly put: readonly RewardRow[];
  readonly drops: readonly { readonly cardId: string; readonly keep: number }[];
}

const dayOf = (hlc: string) => Math.floor(hlcMillis(hlc) / DAY_MS) * DAY_MS;

/** A voucher as the dashboard counts it (stamp-core: a voucher withdrawn is no reward earned). */
export function rewardRow(cardId: string, voucher: Voucher): RewardRow {
  const issued = voucher.status !== "withdrawn";
  const redeemed =
    voucher.status === "redeemed" &&
    voucher.redeemedAt !== undefined &&
    voucher.redeemedBy !== undefined;
  return {
    cardId,
    cycle: voucher.cycle,
    issuedDay: issued ? dayOf(voucher.issuedAt) : null,
    issuedBy: issued ? { kind: "hlc", cardId, hlc: voucher.issuedAt } : null,
    redeemedDay: redeemed ? dayOf(voucher.redeemedAt as string) : null,
    redeemedBy: redeemed ? { kind: "id", eventId: voucher.redeemedBy as string } : null,
  };
}

/** The rollup's rows for what saves wrote of the cards' vouchers: one row per voucher row. */
export function rewardWrites(writes: readonly CardVoucherWrites[]): RewardWrites {
  return {
    put: writes.flatMap((w) => w.vouchers.put.map((voucher) => rewardRow(w.cardId, voucher))),
    drops: writes.flatMap((w) =>
      w.vouchers.dropAbove === null ? [] : [{ cardId: w.cardId, keep: w.vouchers.dropAbove }],
    ),
  };
}

export const refKey = (ref: RewardEventRef) =>
  ref.kind === "hlc" ? `${ref.cardId}|${ref.hlc}` : ref.eventId;

/**
 * The locations of the events the rows name that are among `events` (a batch not stored yet),
 * by `refKey`; `locationOf` gives a device's location ('' for none).
 */
export function batchLocations(
  events: readonly StampEvent[],
  locationOf: (deviceId: string) => string,
): Map<string, string> {
  const found = new Map<string, string>();
  for (const event of events) {
    const location = locationOf(event.deviceId);
    found.set(`${event.cardId}|${event.hlc}`, location);
    found.set(event.id, location);
  }
  return found;
}
