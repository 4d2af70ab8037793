import type { CardState, Voucher } from "@stamp/core";

/**
 * A card's materialized state as stored in `cards.state`: plain JSON without the vouchers, which
 * are stored one row each (see card_vouchers). One codec for every reader.
 */
export function encodeCardState(state: CardState): string {
  // A copy with the vouchers undefined, which JSON leaves out: a third cheaper than a rest copy.
  return JSON.stringify({ ...state, vouchers: undefined });
}

/** Rows written before stamps could expire lack its fields: they read as "nothing expired". */
const NOTHING_EXPIRED = { expiredStamps: 0, stampsExpiredAt: null } as const;

export function decodeCardState(text: string, vouchers: readonly Voucher[]): CardState {
  return { ...NOTHING_EXPIRED, ...(JSON.parse(text) as Omit<CardState, "vouchers">), vouchers };
}

/** A card's state kept as a snapshot (stamp-core SPEC C13): whole, vouchers included. */
export function encodeSnapshot(state: CardState): string {
  return JSON.stringify(state);
}

export function decodeSnapshot(text: string): CardState {
  return JSON.parse(text) as CardState;
}
