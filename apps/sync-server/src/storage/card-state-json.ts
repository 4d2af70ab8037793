import type { CardState, Voucher } from "@stamp/core";

/**
 * A card's materialized state as stored in `cards.state`: plain JSON without the vouchers, which
 * are stored one row each (see card_vouchers). One codec for every reader.
 */
export function encodeCardState(state: CardState): string {
  const { vouchers: _stored_apart, ...rest } = state;
  return JSON.stringify(rest);
}

export function decodeCardState(text: string, vouchers: readonly Voucher[]): CardState {
  return { ...(JSON.parse(text) as Omit<CardState, "vouchers">), vouchers };
}
