import {
  type CardState,
  emptyCardState,
  type Program,
  Replica,
  type StampEvent,
} from "@stamp/core";

/** Beyond this many events in memory the ledger starts afresh; cards reload from IndexedDB. */
const MAX_EVENTS_IN_MEMORY = 20_000;

/**
 * Card states for the cards this device is working with, folded by stamp-core's Replica from the
 * local log (own events and pulled ones). Cards are loaded on first use rather than folding the
 * whole log at start, so a till with 100k events starts fast and stays small in memory.
 */
export class CardLedger {
  readonly #load: (cardId: string) => Promise<StampEvent[]>;
  readonly #programs: ReadonlyMap<string, Program>;
  #replica: Replica;
  readonly #loaded = new Set<string>();
  /** Events that arrived while a card was loading; merged once it is. */
  readonly #arriving = new Map<string, StampEvent[]>();
  readonly #opening = new Map<string, Promise<void>>();
  readonly #listeners = new Set<() => void>();
  #revision = 0;

  constructor(
    load: (cardId: string) => Promise<StampEvent[]>,
    programs: ReadonlyMap<string, Program>,
  ) {
    this.#load = load;
    this.#programs = programs;
    this.#replica = this.#fresh();
  }

  #fresh(): Replica {
    return new Replica((programId) => this.#programs.get(programId));
  }

  /** Events of programs this device was not told about yet stay in the log, out of the fold. */
  #known(events: Iterable<StampEvent>): StampEvent[] {
    return [...events].filter((e) => this.#programs.has(e.programId));
  }

  get revision(): number {
    return this.#revision;
  }

  get eventsInMemory(): number {
    return this.#replica.size;
  }

  /** Loads a card's events from the log once; later calls resolve at once. */
  open(cardId: string): Promise<void> {
    if (this.#loaded.has(cardId)) return Promise.resolve();
    let opening = this.#opening.get(cardId);
    if (!opening) {
      opening = this.#loadCard(cardId).finally(() => this.#opening.delete(cardId));
      this.#opening.set(cardId, opening);
    }
    return opening;
  }

  isOpen(cardId: string): boolean {
    return this.#loaded.has(cardId);
  }

  async #loadCard(cardId: string): Promise<void> {
    if (this.#replica.size > MAX_EVENTS_IN_MEMORY) this.forgetAll();
    const pending: StampEvent[] = [];
    this.#arriving.set(cardId, pending);
    try {
      const stored = await this.#load(cardId);
      this.#replica.ingest(this.#known([...stored, ...pending]));
      this.#loaded.add(cardId);
    } finally {
      this.#arriving.delete(cardId);
    }
    this.#changed();
  }

  state(program: Program, cardId: string): CardState {
    return this.#replica.state(cardId) ?? emptyCardState(program, cardId);
  }

  events(cardId: string): readonly StampEvent[] {
    return this.#replica.cardEvents(cardId);
  }

  /** Folds new events (made here or pulled) into the cards that are loaded. */
  ingest(events: readonly StampEvent[]): void {
    const relevant: StampEvent[] = [];
    for (const event of events) {
      const arriving = this.#arriving.get(event.cardId);
      if (arriving) arriving.push(event);
      else if (this.#loaded.has(event.cardId)) relevant.push(event);
    }
    if (relevant.length === 0) return;
    this.#replica.ingest(this.#known(relevant));
    this.#changed();
  }

  /** Another tab wrote to the log: drop what we folded so the next look reloads it. */
  forgetAll(): void {
    this.#replica = this.#fresh();
    this.#loaded.clear();
    this.#changed();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    this.#revision += 1;
    for (const listener of [...this.#listeners]) listener();
  }
}
