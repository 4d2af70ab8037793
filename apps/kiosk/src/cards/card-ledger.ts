import {
  applyEvent,
  type CardState,
  compareEvents,
  emptyCardState,
  foldCard,
  type Program,
  Replica,
  type StampEvent,
} from "@stamp/core";

/** Beyond this many events in memory the open cards are dropped; they reload from IndexedDB. */
const MAX_EVENTS_IN_MEMORY = 20_000;

/**
 * What this device knows about its cards, folded by stamp-core from the local log (own events
 * and pulled ones), at two depths:
 *
 * - a summary state for every card, folded once at start (`warmUp`) and kept current as events
 *   arrive, so an unattended scan is checked against memory and costs one write;
 * - the full event list for cards opened on screen (Staff Scanner: undo needs the events).
 *
 * A summary that cannot take an event incrementally (out of HLC order, a revocation) is dropped
 * as doubtful; such a card is read from IndexedDB on its next scan.
 */
export class CardLedger {
  readonly #load: (cardId: string) => Promise<StampEvent[]>;
  readonly #programs: ReadonlyMap<string, Program>;
  readonly #summaries = new Map<string, CardState>();
  readonly #doubtful = new Set<string>();
  #warm = false;
  #replica: Replica;
  readonly #open = new Set<string>();
  /** Events that arrive while a card is being read elsewhere; merged once it is. */
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

  #fold(cardId: string, events: readonly StampEvent[]): CardState | null {
    const known = this.#known(events);
    const program = known[0] && this.#programs.get(known[0].programId);
    return program ? foldCard(program, cardId, known) : null;
  }

  get revision(): number {
    return this.#revision;
  }

  /**
   * Folds the whole log, card by card, into summaries. Cards that receive events meanwhile are
   * left doubtful (their read may predate those events) and are read again when scanned.
   */
  async warmUp(cards: AsyncIterable<readonly [string, readonly StampEvent[]]>): Promise<void> {
    for await (const [cardId, events] of cards) {
      if (this.#doubtful.has(cardId) || this.#summaries.has(cardId)) continue;
      const state = this.#fold(cardId, events);
      if (state) this.#summaries.set(cardId, state);
    }
    this.#warm = true;
  }

  /** The card's state if memory can be trusted for it, without reading IndexedDB; else null. */
  knownState(program: Program, cardId: string): CardState | null {
    if (this.#open.has(cardId))
      return this.#replica.state(cardId) ?? emptyCardState(program, cardId);
    if (this.#doubtful.has(cardId) || this.#arriving.has(cardId)) return null;
    const summary = this.#summaries.get(cardId);
    if (summary) return summary;
    return this.#warm ? emptyCardState(program, cardId) : null;
  }

  /** The state to show for an open card (see `open`). */
  state(program: Program, cardId: string): CardState {
    return this.knownState(program, cardId) ?? emptyCardState(program, cardId);
  }

  /** Loads a card's events for the screen once; later calls resolve at once. */
  open(cardId: string): Promise<void> {
    if (this.#open.has(cardId)) return Promise.resolve();
    let opening = this.#opening.get(cardId);
    if (!opening) {
      opening = this.#openCard(cardId).finally(() => this.#opening.delete(cardId));
      this.#opening.set(cardId, opening);
    }
    return opening;
  }

  isOpen(cardId: string): boolean {
    return this.#open.has(cardId);
  }

  events(cardId: string): readonly StampEvent[] {
    return this.#replica.cardEvents(cardId);
  }

  async #openCard(cardId: string): Promise<void> {
    if (this.#replica.size > MAX_EVENTS_IN_MEMORY) this.#closeAll();
    this.expect(cardId);
    try {
      const stored = await this.#load(cardId);
      const arrived = this.#arriving.get(cardId) ?? [];
      this.#replica.ingest(this.#known([...stored, ...arrived]));
      this.#open.add(cardId);
      const state = this.#replica.state(cardId);
      if (state) this.#summaries.set(cardId, state);
      this.#doubtful.delete(cardId);
    } finally {
      this.#arriving.delete(cardId);
    }
    this.#changed();
  }

  /**
   * For a card about to be read elsewhere (in the transaction that also writes to it): events
   * that arrive before `adopt` are kept for it rather than lost.
   */
  expect(cardId: string): void {
    if (!this.#arriving.has(cardId)) this.#arriving.set(cardId, []);
  }

  /** The read elsewhere failed: stop keeping events for the card. */
  abandon(cardId: string): void {
    if (!this.#opening.has(cardId)) this.#arriving.delete(cardId);
  }

  /** Takes a card's events read elsewhere (plus any that arrived meanwhile) as its summary. */
  adopt(cardId: string, events: readonly StampEvent[]): void {
    if (this.#opening.has(cardId)) {
      // The screen's read is under way and will see these too.
      this.#arriving.get(cardId)?.push(...events);
      return;
    }
    const all = [...events, ...(this.#arriving.get(cardId) ?? [])];
    this.#arriving.delete(cardId);
    const state = this.#fold(cardId, all);
    if (state) this.#summaries.set(cardId, state);
    this.#doubtful.delete(cardId);
    if (this.#open.has(cardId)) this.#replica.ingest(this.#known(all));
    this.#changed();
  }

  /** Folds new events (made here or pulled) into the summaries and the open cards. */
  ingest(events: readonly StampEvent[]): void {
    const ordered = this.#known(events).sort(compareEvents);
    const toOpenCards: StampEvent[] = [];
    for (const event of ordered) {
      const { cardId } = event;
      const arriving = this.#arriving.get(cardId);
      if (arriving) {
        arriving.push(event);
        continue;
      }
      if (this.#open.has(cardId)) toOpenCards.push(event);
      else this.#summarize(event);
    }
    if (toOpenCards.length > 0) {
      this.#replica.ingest(toOpenCards);
      for (const cardId of new Set(toOpenCards.map((e) => e.cardId))) {
        const state = this.#replica.state(cardId);
        if (state) this.#summaries.set(cardId, state);
      }
    }
    if (ordered.length > 0) this.#changed();
  }

  #summarize(event: StampEvent): void {
    const { cardId } = event;
    if (this.#doubtful.has(cardId)) return;
    const program = this.#programs.get(event.programId);
    const summary =
      this.#summaries.get(cardId) ??
      (this.#warm && program ? emptyCardState(program, cardId) : null);
    if (!program || !summary) {
      // Not folded yet (start-up still running): read it when it is scanned.
      this.#doubtful.add(cardId);
      return;
    }
    try {
      this.#summaries.set(cardId, applyEvent(program, summary, event));
    } catch {
      // Out of HLC order or a revocation: stamp-core needs the card's history to refold.
      this.#summaries.delete(cardId);
      this.#doubtful.add(cardId);
    }
  }

  /** The log changed behind our back (another tab, rejected events): read these cards again. */
  forget(cardIds: Iterable<string>): void {
    let any = false;
    for (const cardId of cardIds) {
      any = true;
      this.#summaries.delete(cardId);
      this.#doubtful.add(cardId);
      if (this.#open.has(cardId)) this.#closeAll();
    }
    if (any) this.#changed();
  }

  #closeAll(): void {
    this.#replica = this.#fresh();
    this.#open.clear();
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
