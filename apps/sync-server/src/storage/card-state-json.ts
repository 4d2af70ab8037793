import type { CardState } from "@stamp/core";

/** A card's materialized state as stored in `cards.state`: plain JSON, one codec for every reader. */
export function encodeCardState(state: CardState): string {
  return JSON.stringify(state);
}

export function decodeCardState(text: string): CardState {
  return JSON.parse(text) as CardState;
}
