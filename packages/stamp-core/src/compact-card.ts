import { type CardState, foldAfter, foldCard } from "./card-state";
import type { StampEvent } from "./events";
import { inFoldOrder } from "./order";
import type { Program } from "./program";

/**
 * A card as a server hands it to a till that does not hold its history (SPEC CS1): a snapshot —
 * the state folded from every event of the card through the snapshot's position, its `lastHlc`
 * and `lastId` — and the tail, the card's events that sort after that position. `at` is the
 * merchant's log position when the server read it: every event stored by then is in one or the
 * other. A short card has no snapshot: its tail is its whole history.
 */
export interface CompactCard {
  readonly cardId: string;
  readonly at: number;
  readonly snapshot: CardState | null;
  readonly tail: readonly StampEvent[];
}

/** How many of a card's newest events stay events (SPEC CS2): enough to undo the last stamps. */
export const COMPACT_TAIL_EVENTS = 8;

/** Where a snapshot ends in L2 order; null for a snapshot of nothing. */
export function snapshotPosition(
  snapshot: CardState,
): { readonly hlc: string; readonly id: string } | null {
  return snapshot.lastHlc === null
    ? null
    : { hlc: snapshot.lastHlc, id: snapshot.lastId as string };
}

/**
 * The compact form of a card (SPEC CS2): `base` (a snapshot, or null for none) and every event
 * that sorts after it, split so that the newest `tailEvents` stay events. Where the history before
 * the split still matters to the tail (an undo of a stamp before it, a revocation waiting for its
 * target — `foldAfter` says null), the split moves back until the tail folds onto the snapshot, so
 * a till can always fold what it is handed. A snapshot always has at least `tailEvents` events
 * after it. Null when even `base` cannot take `after`, or has fewer than `tailEvents` after it (the
 * caller then compacts the whole history).
 */
export function compactCard(
  program: Program,
  cardId: string,
  at: number,
  base: CardState | null,
  after: readonly StampEvent[],
  tailEvents = COMPACT_TAIL_EVENTS,
): CompactCard | null {
  const sorted = dedupe(inFoldOrder(after));
  const fold = (head: readonly StampEvent[]) =>
    base === null ? foldCard(program, cardId, head) : foldAfter(program, base, head);
  for (let keep = tailEvents; keep < sorted.length; keep *= 2) {
    const split = sorted.length - keep;
    const snapshot = fold(sorted.slice(0, split));
    const tail = sorted.slice(split);
    if (snapshot !== null && foldAfter(program, snapshot, tail) !== null)
      return { cardId, at, snapshot, tail };
  }
  // Every snapshot handed out has a tail's worth of events after it, stored when it was read:
  // what lets a pull send an event late by no more than that on its own (SPEC CS4, `tooLate`).
  if (base !== null && (sorted.length < tailEvents || foldAfter(program, base, sorted) === null))
    return null;
  return { cardId, at, snapshot: base, tail: sorted };
}

/** The state a compact card folds to (SPEC CS2); null when its tail does not fold onto it. */
export function compactState(program: Program, card: CompactCard): CardState | null {
  return card.snapshot === null
    ? foldCard(program, card.cardId, card.tail)
    : foldAfter(program, card.snapshot, card.tail);
}

function dedupe(sorted: readonly StampEvent[]): StampEvent[] {
  return sorted.filter((event, i) => i === 0 || (sorted[i - 1] as StampEvent).id !== event.id);
}
