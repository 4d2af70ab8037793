import type { CardState } from "@stamp/core";
import { decodeCardState, encodeCardState } from "./card-state-json";

/**
 * Decoded card states of recently written cards, keyed by card and checked against the stored text,
 * so a card stamped batch after batch is parsed once, not once per batch. The check makes it safe
 * whatever happened to the row meanwhile (a rolled-back transaction, another process): a different
 * text is simply decoded again. Bounded by the size of the texts it holds.
 */
export class CardStateCache {
  readonly #entries = new Map<string, { text: string; state: CardState }>();
  #chars = 0;

  constructor(readonly maxChars: number) {}

  decode(cardId: string, text: string): CardState {
    const hit = this.#entries.get(cardId);
    if (hit && hit.text === text) {
      this.#remember(cardId, hit.text, hit.state);
      return hit.state;
    }
    const state = decodeCardState(text);
    this.#remember(cardId, text, state);
    return state;
  }

  encode(cardId: string, state: CardState): string {
    const text = encodeCardState(state);
    this.#remember(cardId, text, state);
    return text;
  }

  #remember(cardId: string, text: string, state: CardState): void {
    const old = this.#entries.get(cardId);
    if (old) {
      this.#chars -= old.text.length;
      this.#entries.delete(cardId);
    }
    this.#entries.set(cardId, { text, state });
    this.#chars += text.length;
    // Maps iterate in insertion order: the first entries are the least recently used.
    for (const [id, entry] of this.#entries) {
      if (this.#chars <= this.maxChars) break;
      this.#entries.delete(id);
      this.#chars -= entry.text.length;
    }
  }
}
