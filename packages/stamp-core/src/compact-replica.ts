import {
  applyEvent,
  type CardState,
  canApplyIncrementally,
  foldAfter,
  foldCard,
} from "./card-state";
import type { CompactCard } from "./compact-card";
import type { StampEvent } from "./events";
import { compareEvents } from "./order";
import type { Program } from "./program";

/**
 * How an event reached a replica, which decides whether a snapshot holds it (SPEC CS3):
 * - `pulled`: an event of a pull answer of protocol 5 or later — never one that was late when the
 *   server stored it (CS4), so a snapshot it sorts at or before holds it;
 * - `stored`: the server had stored it by log position `by` (a compact card's tail);
 * - `own`: made on this device and not acknowledged yet (`acknowledge` says when it is).
 */
export type Arrival =
  | { readonly kind: "pulled" }
  | { readonly kind: "stored"; readonly by: number }
  | { readonly kind: "own" };

interface Held {
  readonly event: StampEvent;
  /** True for a pulled event; else the log position by which the server stored it, or null. */
  readonly storedBy: true | number | null;
}

interface CompactEntry {
  snapshot: CardState | null;
  at: number;
  readonly held: Map<string, Held>;
  state: CardState | null;
  doubtful: boolean;
}

/**
 * A till's replica of the cards it holds as compact state (SPEC CS1–CS6): per card a snapshot
 * the server made and the events that sort after it, its own events included. An event that sorts
 * at or before the snapshot and that the snapshot may not hold (its own, unacknowledged or
 * acknowledged after the snapshot was read) makes the card doubtful: its state is what the till
 * knows for sure, and the till fetches the card again once online (`doubtfulCards`). Pure: the
 * caller says where each event came from.
 */
export class CompactReplica {
  readonly #programs: (programId: string) => Program | undefined;
  readonly #cards = new Map<string, CompactEntry>();

  constructor(programs: (programId: string) => Program | undefined) {
    this.#programs = programs;
  }

  state(cardId: string): CardState | undefined {
    return this.#cards.get(cardId)?.state ?? undefined;
  }

  /** True while the card's state may lack an event the till holds (SPEC CS5). */
  doubtful(cardId: string): boolean {
    return this.#cards.get(cardId)?.doubtful ?? false;
  }

  doubtfulCards(): string[] {
    return [...this.#cards].filter(([, entry]) => entry.doubtful).map(([cardId]) => cardId);
  }

  cardIds(): IterableIterator<string> {
    return this.#cards.keys();
  }

  /** The events the till holds for a card beyond its snapshot, in L2 order. */
  cardEvents(cardId: string): StampEvent[] {
    const held = this.#cards.get(cardId)?.held.values() ?? [];
    return [...held].map((h) => h.event).sort(compareEvents);
  }

  snapshot(cardId: string): { readonly snapshot: CardState | null; readonly at: number } | null {
    const entry = this.#cards.get(cardId);
    return entry ? { snapshot: entry.snapshot, at: entry.at } : null;
  }

  ingest(events: Iterable<StampEvent>, arrival: Arrival): void {
    const storedBy =
      arrival.kind === "pulled" ? true : arrival.kind === "stored" ? arrival.by : null;
    const touched = new Set<string>();
    for (const event of events) {
      const entry = this.#entry(event.cardId);
      const known = entry.held.get(event.id);
      if (known && !laterKnowledge(known.storedBy, storedBy)) continue;
      entry.held.set(event.id, { event, storedBy });
      if (known) {
        touched.add(event.cardId);
        continue;
      }
      if (!touched.has(event.cardId) && this.#applyInOrder(entry, event)) continue;
      touched.add(event.cardId);
    }
    for (const cardId of touched) this.#refold(cardId);
  }

  /** Own events the server stored by log position `at` (accepted or answered as duplicates). */
  acknowledge(ids: Iterable<string>, at: number, cardOf: (id: string) => string | undefined): void {
    const touched = new Set<string>();
    for (const id of ids) {
      const cardId = cardOf(id);
      const entry = cardId === undefined ? undefined : this.#cards.get(cardId);
      const held = entry?.held.get(id);
      if (!entry || !held || held.storedBy !== null) continue;
      entry.held.set(id, { event: held.event, storedBy: at });
      touched.add(cardId as string);
    }
    for (const cardId of touched) this.#refold(cardId);
  }

  /**
   * A card as the server handed it (SPEC CS3): its snapshot replaces the one held when it was read
   * no earlier; an older one only adds its tail.
   */
  seed(card: CompactCard): void {
    const entry = this.#entry(card.cardId);
    if (entry.state === null || card.at >= entry.at) {
      entry.snapshot = card.snapshot;
      entry.at = card.at;
    }
    for (const event of card.tail) {
      const known = entry.held.get(event.id);
      if (!known || laterKnowledge(known.storedBy, card.at))
        entry.held.set(event.id, { event, storedBy: card.at });
    }
    this.#refold(card.cardId);
  }

  #entry(cardId: string): CompactEntry {
    let entry = this.#cards.get(cardId);
    if (!entry) {
      entry = { snapshot: null, at: 0, held: new Map(), state: null, doubtful: false };
      this.#cards.set(cardId, entry);
    }
    return entry;
  }

  /** The common case: an event after everything folded, on a card with nothing in doubt. */
  #applyInOrder(entry: CompactEntry, event: StampEvent): boolean {
    if (entry.doubtful || entry.state === null || !canApplyIncrementally(entry.state, event))
      return false;
    const program = this.#programs(event.programId);
    if (!program) throw new Error(`unknown program ${event.programId} for event ${event.id}`);
    entry.state = applyEvent(program, entry.state, event);
    return true;
  }

  #refold(cardId: string): void {
    const entry = this.#cards.get(cardId) as CompactEntry;
    const { snapshot } = entry;
    const after: StampEvent[] = [];
    let doubtful = false;
    for (const [id, held] of entry.held) {
      if (snapshot === null || isAfter(snapshot, held.event)) after.push(held.event);
      else if (covered(held.storedBy, entry.at)) entry.held.delete(id);
      else doubtful = true;
    }
    const first = after[0] ?? snapshot;
    const program = first && this.#programs(first.programId);
    if (!first || !program) {
      entry.doubtful = doubtful;
      return;
    }
    const state =
      snapshot === null ? foldCard(program, cardId, after) : foldAfter(program, snapshot, after);
    // A tail that needs the history before the snapshot (an undo of an older stamp): the state
    // stays what the till knew for sure, and the card is fetched again.
    if (state !== null) entry.state = state;
    else entry.state ??= snapshot;
    entry.doubtful = doubtful || state === null;
  }
}

function isAfter(snapshot: CardState, event: StampEvent): boolean {
  return (
    snapshot.lastHlc === null ||
    compareEvents(event, { hlc: snapshot.lastHlc, id: snapshot.lastId as string }) > 0
  );
}

/** A snapshot read at log position `at` holds an event before it that was stored by then (CS3). */
function covered(storedBy: true | number | null, at: number): boolean {
  return storedBy === true || (storedBy !== null && storedBy <= at);
}

/** Whether `next` tells more about when an event was stored than `known` does. */
function laterKnowledge(known: true | number | null, next: true | number | null): boolean {
  if (known === true || next === null) return false;
  if (next === true || known === null) return true;
  return next < known;
}
