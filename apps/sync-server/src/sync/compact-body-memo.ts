import type { Program } from "@stamp/core";
import type { CompactCardBody } from "@stamp/wire-protocol";
import type { Store } from "../storage/store";
import { type MadeCompactCard, makeCompactCards } from "./compact-card-body";

/**
 * How many cards' compact bodies a process keeps: each is a snapshot and a tail of at most a few
 * dozen events (a few kB), so a few MB in all — several steps' worth of cards joining locations.
 */
export const COMPACT_BODY_MEMO_CARDS = 1024;

/**
 * The newest compact card (stamp-core SPEC CS1) the process made of each card, by merchant and
 * card, shared by the pulls of every till that is handed the card (a card joining a location goes
 * out to each of its tills): one read and fold per card and log position instead of one per till.
 *
 * Why a body may be handed to another till later, on any instance: it is read after the merchant
 * log's head `at` (every position up to it committed), and stored events never change, so it holds
 * every event of its card stored by `at` — forever, whatever is stored later. A page whose events of
 * the card are all at or before `at` (`through`) is answered by it as by one read now: the till
 * drops those events for it, and the card's later events come on later pages (on their own, or
 * read again when too late, CS4: they are at positions after `at`). A page with a newer event of
 * the card reads it again. The fold also depends on the program's goal (a new one refolds every
 * card): a body is used only while its program has the version it was folded with. Least recently
 * used bodies go first.
 */
export class CompactBodyMemo {
  readonly #made = new Map<string, MadeCompactCard>();

  constructor(readonly capacity = COMPACT_BODY_MEMO_CARDS) {}

  /**
   * The compact card of each card of `through` (by card id: its newest position in the page), from
   * the memo when it holds one read at or after that position and folded with the program's
   * current version, the others read together (`makeCompactCards`) and kept. In `through`'s order;
   * a card the merchant has no event of is left out.
   */
  async cards(
    store: Store,
    programOf: (programId: string) => Promise<Program>,
    merchantId: string,
    through: ReadonlyMap<string, number>,
  ): Promise<CompactCardBody[]> {
    const found = new Map<string, CompactCardBody>();
    const missing: string[] = [];
    for (const [cardId, position] of through) {
      const made = this.#made.get(memoKey(merchantId, cardId));
      const fresh =
        made !== undefined &&
        made.body.at >= position &&
        (await programOf(made.programId)).version === made.programVersion;
      if (fresh) {
        this.#keep(memoKey(merchantId, cardId), made);
        found.set(cardId, made.body);
      } else missing.push(cardId);
    }
    if (missing.length > 0)
      for (const [cardId, made] of await makeCompactCards(store, merchantId, missing)) {
        this.#keep(memoKey(merchantId, cardId), made);
        found.set(cardId, made.body);
      }
    return [...through.keys()].flatMap((cardId) => found.get(cardId) ?? []);
  }

  #keep(key: string, made: MadeCompactCard): void {
    this.#made.delete(key);
    this.#made.set(key, made);
    if (this.#made.size > this.capacity) {
      const [oldest] = this.#made.keys();
      if (oldest !== undefined) this.#made.delete(oldest);
    }
  }
}

/** Card ids are the merchant's (a card of another merchant reads as absent): the key holds both. */
function memoKey(merchantId: string, cardId: string): string {
  return `${merchantId}\u0000${cardId}`;
}
