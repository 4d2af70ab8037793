import {
  type CardState,
  compareEvents,
  foldAfter,
  foldCard,
  isInOrder,
  type Program,
  type StampEvent,
} from "@stamp/core";

/**
 * A snapshot the store keeps of a card: its state as of its `eventCount`th event, the one with
 * `lastId` at `lastHlc` (stamp-core SPEC C13).
 */
export interface SnapshotKey {
  readonly eventCount: number;
  readonly lastHlc: string;
  readonly lastId: string;
}

/** A snapshot's state and the card's stored events from its HLC on. */
export interface CardTail {
  readonly snapshot: CardState;
  /** Every stored event of the card at or after the snapshot's HLC; the plan skips those in it. */
  readonly events: readonly StampEvent[];
}

/**
 * How often a card's state is kept as a snapshot, and how many are kept: a late event replays the
 * events after the newest snapshot before it, so the newest `kept` cover events up to about
 * `every × kept` behind a card's newest; one later still refolds the whole card. A late event also
 * keeps the card's state just before it when no snapshot is within `near` events before it: the
 * next late event of the same till sorts after it, and replays at most about `near` events more
 * than it is late.
 */
export interface SnapshotPolicy {
  readonly every: number;
  readonly kept: number;
  readonly near: number;
}

export const SNAPSHOTS: SnapshotPolicy = { every: 500, kept: 4, near: 64 };

/** What the store tells a replay of a card's history. */
export interface CardHistory {
  /** Every stored event of the card: a late event no snapshot serves refolds the card from them. */
  cardEvents(cardId: string): readonly StampEvent[];
  /** The card's snapshots, newest first. */
  snapshots(cardId: string): readonly SnapshotKey[];
  /**
   * The snapshot `at` of the card with the events a fold from it needs; null when it is not at hand
   * (PostgreSQL reads it for the next planning round), and the replay reads every event instead.
   */
  cardTail(cardId: string, at: SnapshotKey): CardTail | null;
}

/** A card a batch changes: its new events, and the earliest that sorts before the card as loaded. */
export interface CardReplay {
  /** This batch's new events of the card, which the stored ones do not hold yet. */
  readonly added: readonly StampEvent[];
  /** Snapshots from this event on are stale; null when every new event sorts after the card's last. */
  readonly lateFrom: StampEvent | null;
}

/** What a card's save does to its snapshots. */
export interface SnapshotChange {
  /** Snapshots from this event count on no longer hold (a late event sorts before them). */
  readonly dropFrom: number | null;
  /** States of the card to keep as snapshots; with one, those older than `pruneBelow` events go. */
  readonly take: readonly CardState[];
  readonly pruneBelow: number;
}

/** A program refold (its goal changed): every snapshot of the card was folded with the old goal. */
export const DROP_SNAPSHOTS: SnapshotChange = { dropFrom: 0, take: [], pruneBelow: 0 };

/** A card replayed: its state, and its state just before the earliest late event (null: none). */
export interface ReplayedCard {
  readonly state: CardState;
  readonly beforeLate: CardState | null;
}

/**
 * The card's state with its new events `card.added`, replayed: from the newest snapshot before
 * the earliest late one when stamp-core can fold from there (SPEC C13), else from every event.
 */
export function replayCard(
  program: Program,
  cardId: string,
  card: CardReplay,
  view: CardHistory,
): ReplayedCard {
  const late = card.lateFrom;
  const base = view
    .snapshots(cardId)
    .find(
      (snapshot) =>
        late === null || compareEvents({ hlc: snapshot.lastHlc, id: snapshot.lastId }, late) < 0,
    );
  const tail = base ? view.cardTail(cardId, base) : null;
  if (tail) {
    const after = tail.events.filter((event) => isInOrder(tail.snapshot, event));
    const { state, beforeLate } = foldAround(
      program,
      (events) => foldAfter(program, tail.snapshot, events),
      after,
      card,
    );
    if (state) return { state, beforeLate };
  }
  return foldAround(
    program,
    (events) => foldCard(program, cardId, events),
    view.cardEvents(cardId),
    card,
  );
}

/**
 * `fold` of the stored events `stored` and the new ones, in two steps around the earliest late
 * event, so the state just before it comes out too: a snapshot the next late event of the same
 * till can start from. In one step when there is nothing before it, or when stamp-core cannot fold
 * from there (SPEC C13: a revocation of a stamp before it, one waiting for its target).
 */
function foldAround<R extends CardState | null>(
  program: Program,
  fold: (events: readonly StampEvent[]) => R,
  stored: readonly StampEvent[],
  card: CardReplay,
): { readonly state: R; readonly beforeLate: CardState | null } {
  const late = card.lateFrom;
  const before = late === null ? [] : stored.filter((event) => compareEvents(event, late) < 0);
  if (late !== null && before.length > 0) {
    const mark = fold(before);
    const after = stored.filter((event) => compareEvents(event, late) > 0);
    const state = mark && foldAfter(program, mark, [...after, ...card.added]);
    if (state) return { state: state as R, beforeLate: mark };
  }
  return { state: fold([...stored, ...card.added]), beforeLate: null };
}

/**
 * Snapshots a save drops and keeps: those after a late event go; one more every `every` events,
 * at once when a late event left the card none within `every` of its newest (so compacting the
 * card replays little), and the state just before a late event when none is within `near` of it
 * (so the next late one of the same till replays little).
 */
export function snapshotChange(
  cardId: string,
  loaded: CardState,
  card: CardReplay & ReplayedCard,
  view: CardHistory,
  policy: SnapshotPolicy,
): SnapshotChange {
  const late = card.lateFrom;
  const count = card.state.eventCount;
  const held = late === null ? [] : view.snapshots(cardId);
  const stale = held.filter(
    (s) => late && compareEvents({ hlc: s.lastHlc, id: s.lastId }, late) > 0,
  );
  const newestLeft = held.find((s) => !stale.includes(s))?.eventCount ?? 0;
  const due =
    Math.floor(count / policy.every) > Math.floor(loaded.eventCount / policy.every) ||
    (late !== null && count - newestLeft >= policy.every);
  const { beforeLate } = card;
  const take = [
    ...(due && card.state.lastHlc !== null ? [card.state] : []),
    ...(beforeLate && beforeLate.eventCount - newestLeft >= policy.near ? [beforeLate] : []),
  ];
  return {
    dropFrom: stale.length === 0 ? null : Math.min(...stale.map((s) => s.eventCount)),
    take,
    pruneBelow: Math.min(
      count - policy.every * (policy.kept - 1),
      ...take.map((state) => state.eventCount),
    ),
  };
}
