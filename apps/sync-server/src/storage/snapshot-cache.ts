import type { CardState } from "@stamp/core";
import type { SnapshotTake } from "./append/card-write";
import { CardStateCache } from "./card-state-cache";
import { decodeSnapshot } from "./card-state-json";

/**
 * Decoded snapshots of the cards late events replay (stamp-core SPEC C13), by card and event
 * count, checked against the stored text as `CardStateCache` checks card rows. A late event then
 * neither decodes its snapshot again nor meets voucher objects it must compare field by field:
 * a replay from a kept snapshot hands back its untouched vouchers as the same objects, and the
 * card's save writes only those that moved. Bounded by the size of the texts it holds.
 */
export class SnapshotCache {
  readonly #states: CardStateCache;

  constructor(maxChars: number) {
    this.#states = new CardStateCache(maxChars);
  }

  /** The snapshot stored as `text`, decoded once. */
  decode(cardId: string, eventCount: number, text: string): CardState {
    const key = `${cardId} ${eventCount}`;
    const hit = this.#states.get(key, text, eventCount);
    if (hit) return hit;
    const state = decodeSnapshot(text);
    this.#states.remember(key, text, eventCount, state);
    return state;
  }

  /** A snapshot a save writes, as folded. */
  remember(cardId: string, take: SnapshotTake): void {
    this.#states.remember(`${cardId} ${take.eventCount}`, take.state, take.eventCount, take.folded);
  }
}
