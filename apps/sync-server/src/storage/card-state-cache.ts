import type { CardState } from "@stamp/core";

interface Entry {
  readonly text: string;
  readonly vouchersVersion: number;
  readonly state: CardState;
  readonly size: number;
}

/** Roughly what a decoded voucher holds, counted like characters of state text. */
const VOUCHER_SIZE = 200;

/**
 * Decoded card states of recently written cards, keyed by card and checked against the stored row
 * (its state text and vouchers version), so a card stamped batch after batch is read once, not
 * once per batch. The check makes it safe whatever happened to the row meanwhile (a rolled-back
 * transaction, another process): a different row is simply read again. Bounded by the size of the
 * texts and vouchers it holds: the least recently written cards go first.
 */
export class CardStateCache {
  readonly #entries = new Map<string, Entry>();
  #chars = 0;

  constructor(readonly maxChars: number) {}

  get(cardId: string, text: string, vouchersVersion: number): CardState | undefined {
    const hit = this.#entries.get(cardId);
    if (!hit || hit.text !== text || hit.vouchersVersion !== vouchersVersion) return undefined;
    // Not moved to the end: a card read to be written is remembered again with its save, which
    // moves it (a move here too cost a delete and an insert of the map per card per batch).
    return hit.state;
  }

  remember(cardId: string, text: string, vouchersVersion: number, state: CardState): void {
    const old = this.#entries.get(cardId);
    if (old) {
      this.#chars -= old.size;
      this.#entries.delete(cardId);
    }
    const size = text.length + VOUCHER_SIZE * state.vouchers.length;
    this.#entries.set(cardId, { text, vouchersVersion, state, size });
    this.#chars += size;
    // Maps iterate in insertion order: the least recently written first.
    for (const [id, entry] of this.#entries) {
      if (this.#chars <= this.maxChars) break;
      this.#entries.delete(id);
      this.#chars -= entry.size;
    }
  }
}
