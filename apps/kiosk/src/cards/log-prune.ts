import {
  type Arrival,
  type CardState,
  COMPACT_TAIL_EVENTS,
  compareEvents,
  foldAfter,
  foldCard,
  hlcMillis,
  type Program,
  type StampEvent,
} from "@stamp/core";
import type { CardRecord } from "./card-record";

/** What may leave the log behind a card's snapshot. */
export interface PruneRules {
  /**
   * A log position by which the server had stored every event this till pulled or placed (SPEC
   * CS3) and up to which the till has pulled its scope: the cursor of an answer with nothing more
   * to pull, read in the same transaction as the records.
   */
  readonly head: number;
  readonly deviceId: string;
  /**
   * This device's own events made from then on stay in the log: after a server restored from a
   * backup the till sends every event of its own it holds again (SPEC `cursor-ahead`).
   */
  readonly ownKeptSince: number;
  /** The newest events of a card stay unfolded, as the server's tail does (SPEC CS2): undo needs them. */
  readonly tail?: number;
}

/**
 * What to do with one card: put `snapshot` in place of the one held (null: keep it) and delete
 * `drop` from the log. The snapshot is marked as the till's own fold (`SnapshotRow.folded`).
 */
export interface PrunePlan {
  readonly snapshot: { readonly at: number; readonly snapshot: CardState } | null;
  readonly drop: readonly string[];
}

function isAfter(snapshot: CardState, event: StampEvent): boolean {
  return (
    snapshot.lastHlc === null ||
    compareEvents(event, { hlc: snapshot.lastHlc, id: snapshot.lastId as string }) > 0
  );
}

/** Held in the snapshot read at `at` (SPEC CS3), exactly as `CompactReplica` leaves it out. */
function covered(arrival: Arrival, at: number): boolean {
  return arrival.kind === "pulled" || (arrival.kind === "stored" && arrival.by <= at);
}

/** Stored by the server by `head` (pulled, or placed by then). */
function storedByHead(arrival: Arrival, rules: PruneRules): boolean {
  return arrival.kind === "pulled" || (arrival.kind === "stored" && arrival.by <= rules.head);
}

/** Stored by the server by `head` and not an own event the till must keep for a restore. */
function settled(event: StampEvent, arrival: Arrival, rules: PruneRules): boolean {
  if (event.deviceId === rules.deviceId && hlcMillis(event.hlc) >= rules.ownKeptSince) return false;
  return storedByHead(arrival, rules);
}

/**
 * Folds a card's settled events into its snapshot so they can leave the log (issue 16: a till's
 * IndexedDB stays bounded), without changing what `CompactReplica` folds the card to:
 * - events the snapshot already holds (CS3) are dropped;
 * - of the events after it, in L2 order, the longest prefix of settled ones (pulled, or stored by
 *   `head`) is folded on (`foldAfter`, C13) and dropped, as long as at least `tail` events stored
 *   by `head` stay after it; an event in the outbox, acknowledged but not placed, or held for a
 *   wrong clock ends the prefix, as does an own event still kept for a restore. The kept events
 *   must be ones the server stored by `head`: an event the server stores later that sorts before
 *   the new snapshot then has the snapshot's last event and those `tail` stored before it and
 *   sorting after it, so the server sends its card again instead of the event alone (CS4: too
 *   late); kept events of this till's own that the server stores later would not count there;
 * - the new snapshot is read at `max(at, head)`: every event folded was stored by then, so a card
 *   the server reads no earlier holds them all and may replace it (CS3);
 * - nothing is folded when the card is doubtful (CS5), when the prefix needs history the snapshot
 *   lacks or leaves a revocation waiting, or when the events left would not fold onto it.
 * Null: nothing to do.
 */
export function planPrune(
  programs: (programId: string) => Program | undefined,
  record: CardRecord,
  rules: PruneRules,
): PrunePlan | null {
  const base = record.snapshot?.snapshot ?? null;
  const at = record.snapshot?.at ?? 0;
  const behind: string[] = [];
  const after: CardRecord["held"][number][] = [];
  for (const held of record.held) {
    if (base === null || isAfter(base, held.event)) after.push(held);
    else if (covered(held.arrival, at)) behind.push(held.event.id);
    else return null;
  }
  after.sort((a, b) => compareEvents(a.event, b.event));
  const stored = after.filter((held) => storedByHead(held.arrival, rules)).length;
  const foldable = stored - (rules.tail ?? COMPACT_TAIL_EVENTS);
  let count = 0;
  while (count < foldable) {
    const next = after[count] as CardRecord["held"][number];
    if (!settled(next.event, next.arrival, rules)) break;
    count += 1;
  }
  const onlyBehind = behind.length > 0 ? { snapshot: null, drop: behind } : null;
  if (count === 0) return onlyBehind;
  const prefix = after.slice(0, count).map((h) => h.event);
  const program = programs((base ?? (prefix[0] as StampEvent)).programId);
  if (!program) return onlyBehind;
  const state =
    base === null ? foldCard(program, record.cardId, prefix) : foldAfter(program, base, prefix);
  if (state === null || Object.keys(state.pendingRevokes).length > 0) return onlyBehind;
  const rest = after.slice(count).map((h) => h.event);
  if (rest.length > 0 && foldAfter(program, state, rest) === null) return onlyBehind;
  return {
    snapshot: { at: Math.max(at, rules.head), snapshot: state },
    drop: [...behind, ...prefix.map((e) => e.id)],
  };
}
