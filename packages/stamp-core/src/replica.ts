import {
  applyEvent,
  type CardState,
  canApplyIncrementally,
  emptyCardState,
  foldCard,
} from "./card-state";
import type { StampEvent } from "./events";
import { compareEvents } from "./order";
import type { Program } from "./program";

export interface IngestResult {
  /** Ids new to this replica, in the order given. */
  readonly added: readonly string[];
  /** Cards folded again from scratch: an event arrived out of order, or a revocation (SPEC C1). */
  readonly refolded: readonly string[];
}

/**
 * One replica's log and the card states folded from it, kept up to date as events arrive.
 * In-order events are applied incrementally; an event that sorts before a card's last one, or a
 * revocation, refolds that card only. Pure: no I/O, no clock; the caller decides where events come from.
 */
export class Replica {
  readonly #programs: (programId: string) => Program | undefined;
  readonly #events = new Map<string, StampEvent>();
  readonly #byCard = new Map<string, StampEvent[]>();
  readonly #states = new Map<string, CardState>();

  constructor(programs: (programId: string) => Program | undefined) {
    this.#programs = programs;
  }

  get size(): number {
    return this.#events.size;
  }

  has(id: string): boolean {
    return this.#events.has(id);
  }

  events(): IterableIterator<StampEvent> {
    return this.#events.values();
  }

  cardEvents(cardId: string): readonly StampEvent[] {
    return [...(this.#byCard.get(cardId) ?? [])].sort(compareEvents);
  }

  state(cardId: string): CardState | undefined {
    return this.#states.get(cardId);
  }

  cardIds(): IterableIterator<string> {
    return this.#states.keys();
  }

  /** Merges events into the log (set union by id) and brings the affected card states up to date. */
  ingest(events: Iterable<StampEvent>): IngestResult {
    const added: string[] = [];
    const stale = new Set<string>();
    for (const event of events) {
      if (this.#events.has(event.id)) continue;
      const program = this.#programs(event.programId);
      if (!program) throw new Error(`unknown program ${event.programId} for event ${event.id}`);
      this.#events.set(event.id, event);
      added.push(event.id);
      const list = this.#byCard.get(event.cardId);
      if (list) list.push(event);
      else this.#byCard.set(event.cardId, [event]);
      if (stale.has(event.cardId)) continue;
      const state = this.#states.get(event.cardId) ?? emptyCardState(program, event.cardId);
      if (canApplyIncrementally(state, event))
        this.#states.set(event.cardId, applyEvent(program, state, event));
      else stale.add(event.cardId);
    }
    for (const cardId of stale) {
      const events = this.#byCard.get(cardId) as StampEvent[];
      const program = this.#programs((events[0] as StampEvent).programId) as Program;
      this.#states.set(cardId, foldCard(program, cardId, events));
    }
    return { added, refolded: [...stale] };
  }
}
