import { tooLate } from "@stamp/core";
import type { JoinedView } from "../storage/compact-store";
import type { PageEvent, Store } from "../storage/store";

/** How many cards' joins of a location a process keeps: ~150 bytes each, ~2.5 MB at most. */
export const JOINS_KEPT = 16_384;

/**
 * The two facts a compacted page is cut by (`compact-page.ts`) that never change once read, kept
 * so that the pages of one view's rows, each from its own till's cursor, read them once and not
 * once per page (issue 13: ~1,000 idle tills each pulled ~13 events a second, every one of them
 * from another cursor, and each page read every card's join and positions again: ~26 statements
 * per answer on SQLite, a round trip on PostgreSQL).
 *
 * - Whether an event is too late to go out on its own (stamp-core `tooLate`, SPEC CS4): it is
 *   judged against its card's events stored before it, and every later event is stored after it.
 *   Kept per event object, while it lives: the scope tail hands the same objects to every page
 *   cut from its rows (`TailRows`); a page read from the store has objects of its own.
 * - Where a card joined a location's view (`card_scopes`): a row is written once, with its
 *   position, and never changed or deleted. A card that has not joined is read again each time (it
 *   may join later); so are joins of a region's view, whose rows go when a location leaves it
 *   (without a new version) and may come back at another position. Least recently used go first.
 */
export class CompactFacts {
  readonly #late = new WeakMap<PageEvent, boolean>();
  readonly #joins = new Map<string, number>();

  constructor(readonly joinsKept = JOINS_KEPT) {}

  /** The ids of `events` too late to go out on their own, reading only for those not judged yet. */
  async late(store: Store, merchantId: string, events: readonly PageEvent[]): Promise<Set<string>> {
    const unjudged = events.filter((event) => !this.#late.has(event));
    if (unjudged.length > 0) {
      // Each card's earliest unjudged event: its events from there on tell which are too late.
      const earliest = new Map<string, string>();
      for (const event of unjudged) {
        const hlc = earliest.get(event.cardId);
        if (hlc === undefined || event.hlc < hlc) earliest.set(event.cardId, event.hlc);
      }
      const since = [...earliest].map(([cardId, hlc]) => ({ cardId, hlc }));
      const positions = await store.cardPositions(merchantId, since);
      const late = tooLate(positions, new Set(unjudged.map((event) => event.id)));
      for (const event of unjudged) this.#late.set(event, late.has(event.id));
    }
    return new Set(events.filter((event) => this.#late.get(event)).map((event) => event.id));
  }

  /** Where each of `cardIds` joined `view` (`store.joinedAt`), reading only those not kept. */
  async joinedAt(
    store: Store,
    merchantId: string,
    view: JoinedView,
    cardIds: readonly string[],
  ): Promise<Map<string, number>> {
    if (view.kind === "region") return store.joinedAt(merchantId, view, cardIds);
    const at = new Map<string, number>();
    const unknown: string[] = [];
    const prefix = `${merchantId}\0${view.locationId}\0`;
    for (const cardId of new Set(cardIds)) {
      const kept = this.#take(`${prefix}${cardId}`);
      if (kept === undefined) unknown.push(cardId);
      else at.set(cardId, kept);
    }
    if (unknown.length === 0) return at;
    for (const [cardId, joined] of await store.joinedAt(merchantId, view, unknown)) {
      this.#keep(`${prefix}${cardId}`, joined);
      at.set(cardId, joined);
    }
    return at;
  }

  #take(key: string): number | undefined {
    const joined = this.#joins.get(key);
    if (joined !== undefined) {
      this.#joins.delete(key);
      this.#joins.set(key, joined);
    }
    return joined;
  }

  #keep(key: string, joined: number): void {
    this.#joins.set(key, joined);
    if (this.#joins.size > this.joinsKept) {
      const [oldest] = this.#joins.keys();
      if (oldest !== undefined) this.#joins.delete(oldest);
    }
  }
}
