import {
  type Arrival,
  applyEvent,
  type CardState,
  CompactReplica,
  compareEvents,
  emptyCardState,
  type Program,
  type StampEvent,
} from "@stamp/core";
import {
  type CardRecord,
  foldRecord,
  type HeldEvent,
  ofKnownPrograms,
  seedRecord,
  withHeld,
} from "./card-record";

/** Beyond this many events in memory the open cards are dropped; they reload from IndexedDB. */
const MAX_EVENTS_IN_MEMORY = 20_000;

/**
 * What this device knows about its cards, folded by stamp-core's `CompactReplica` from what the
 * till holds of each (a snapshot and the events beside it, SPEC CS1–CS5), at two depths:
 *
 * - a summary state for every card, folded once at start (`warmUp`) and kept current as events
 *   arrive, so an unattended scan is checked against memory and costs one write;
 * - the events beyond the snapshot for cards opened on screen (Staff Scanner: undo needs them).
 *
 * A summary that cannot take an event incrementally (out of HLC order, a revocation) is dropped
 * as doubtful; such a card is read from IndexedDB on its next scan. A card whose snapshot may lack
 * an event the till holds is _unsettled_ (SPEC CS5): its state is what the till knows for sure,
 * and it is fetched again once online (`unsettledCards`).
 */
export class CardLedger {
  readonly #load: (cardId: string) => Promise<CardRecord>;
  readonly #programs: ReadonlyMap<string, Program>;
  readonly #summaries = new Map<string, CardState>();
  readonly #doubtful = new Set<string>();
  readonly #unsettled = new Set<string>();
  #warm = false;
  #replica: CompactReplica;
  #eventsOpen = 0;
  readonly #open = new Set<string>();
  /** Events that arrive while a card is being read elsewhere; merged once it is. */
  readonly #arriving = new Map<string, HeldEvent[]>();
  readonly #opening = new Map<string, Promise<void>>();
  /** Cards `reread` is folding again, by call; one a scan, the screen or `forget` takes is dropped. */
  readonly #rereading = new Map<string, object>();
  readonly #listeners = new Set<() => void>();
  #revision = 0;

  constructor(
    load: (cardId: string) => Promise<CardRecord>,
    programs: ReadonlyMap<string, Program>,
  ) {
    this.#load = load;
    this.#programs = programs;
    this.#replica = this.#fresh();
  }

  #fresh(): CompactReplica {
    return new CompactReplica((programId) => this.#programs.get(programId));
  }

  /** What names a program this device was not told about yet stays in IndexedDB, out of the fold. */
  #known(record: CardRecord): CardRecord {
    return ofKnownPrograms(record, (programId) => this.#programs.has(programId));
  }

  #settle(cardId: string, doubtful: boolean): void {
    if (doubtful) this.#unsettled.add(cardId);
    else this.#unsettled.delete(cardId);
  }

  #fold(record: CardRecord): CardState | null {
    const fold = foldRecord((programId) => this.#programs.get(programId), this.#known(record));
    this.#settle(record.cardId, fold.doubtful);
    return fold.state;
  }

  get revision(): number {
    return this.#revision;
  }

  /**
   * Folds every card the till holds into summaries. Cards that receive events meanwhile are left
   * doubtful (their read may predate those events) and are read again when scanned.
   */
  async warmUp(cards: AsyncIterable<CardRecord>): Promise<void> {
    for await (const record of cards) {
      const { cardId } = record;
      if (this.#doubtful.has(cardId) || this.#summaries.has(cardId)) continue;
      const state = this.#fold(record);
      if (state) this.#summaries.set(cardId, state);
    }
    this.#warm = true;
  }

  /** Cards whose state may lack an event the till holds: fetch them once online (SPEC CS5). */
  unsettledCards(): string[] {
    return [...this.#unsettled];
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

  /**
   * Whether memory knows the till holds anything of the card, so a scan need not ask IndexedDB: a
   * summary is folded from what the till holds or from events written to its log. False: unknown.
   */
  holds(cardId: string): boolean {
    return this.#summaries.has(cardId);
  }

  /** The state to show for an open card (see `open`). */
  state(program: Program, cardId: string): CardState {
    return this.knownState(program, cardId) ?? emptyCardState(program, cardId);
  }

  /** Loads a card for the screen once; later calls resolve at once. */
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

  /** The snapshot an open card is folded from (SPEC CS1); null for none. */
  base(cardId: string): CardState | null {
    return this.#replica.snapshot(cardId)?.snapshot ?? null;
  }

  /** An open card's events beyond its snapshot (the tail and what came after), in L2 order. */
  events(cardId: string): readonly StampEvent[] {
    return this.#replica.cardEvents(cardId);
  }

  async #openCard(cardId: string): Promise<void> {
    if (this.#eventsOpen > MAX_EVENTS_IN_MEMORY) this.#closeAll();
    this.#rereading.delete(cardId);
    this.expect(cardId);
    try {
      const stored = await this.#load(cardId);
      const record = this.#known(withHeld(stored, this.#arriving.get(cardId) ?? []));
      seedRecord(this.#replica, record);
      this.#eventsOpen += record.held.length;
      this.#open.add(cardId);
      this.#takeOpen(cardId);
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
    this.#rereading.delete(cardId);
    if (!this.#opening.has(cardId)) this.#arriving.delete(cardId);
  }

  /**
   * Cards whose held data changed behind memory's back (a compact pull stored them): forgotten, then
   * folded again from `records`, so their next scan is checked against memory and writes without
   * reading first. Events that arrive meanwhile are kept for them (`expect`); a card read elsewhere
   * meanwhile (a scan's transaction, the screen) or forgotten again is left to that.
   */
  async reread(cardIds: readonly string[], records: AsyncIterable<CardRecord>): Promise<void> {
    this.forget(cardIds);
    const mine = cardIds.filter((cardId) => !this.#arriving.has(cardId));
    // A later call for the same card (the next page of a pull) read after this one: it decides.
    const call = {};
    for (const cardId of mine) {
      this.#rereading.set(cardId, call);
      this.expect(cardId);
    }
    const ours = (cardId: string) => this.#rereading.get(cardId) === call;
    try {
      for await (const record of records) if (ours(record.cardId)) this.adopt(record);
    } finally {
      for (const cardId of mine) if (ours(cardId)) this.abandon(cardId);
    }
  }

  /** An open card's state and doubt as the open replica has them, kept as its summary too. */
  #takeOpen(cardId: string): void {
    const state = this.#replica.state(cardId);
    if (state) this.#summaries.set(cardId, state);
    this.#settle(cardId, this.#replica.doubtful(cardId));
  }

  /** Takes a card's record read elsewhere (plus any events that arrived meanwhile) as its summary. */
  adopt(record: CardRecord): void {
    const { cardId } = record;
    this.#rereading.delete(cardId);
    if (this.#opening.has(cardId)) {
      // The screen's read is under way; it may have started before these were written.
      this.#arriving.get(cardId)?.push(...record.held);
      return;
    }
    const all = withHeld(record, this.#arriving.get(cardId) ?? []);
    this.#arriving.delete(cardId);
    this.#doubtful.delete(cardId);
    if (this.#open.has(cardId)) {
      // The replica takes each event once, whatever the screen's read already gave it.
      seedRecord(this.#replica, this.#known(all));
      this.#takeOpen(cardId);
    } else {
      const state = this.#fold(all);
      if (state) this.#summaries.set(cardId, state);
    }
    this.#changed();
  }

  /** Folds new events (made here, `own`, or pulled) into the summaries and the open cards. */
  ingest(events: readonly StampEvent[], arrival: Arrival): void {
    const ordered = events.filter((e) => this.#programs.has(e.programId)).sort(compareEvents);
    const toOpenCards: StampEvent[] = [];
    for (const event of ordered) {
      const { cardId } = event;
      const arriving = this.#arriving.get(cardId);
      if (arriving) {
        arriving.push({ event, arrival });
        continue;
      }
      if (this.#open.has(cardId)) toOpenCards.push(event);
      else this.#summarize(event);
    }
    if (toOpenCards.length > 0) {
      this.#replica.ingest(toOpenCards, arrival);
      this.#eventsOpen += toOpenCards.length;
      for (const cardId of new Set(toOpenCards.map((e) => e.cardId))) this.#takeOpen(cardId);
    }
    if (ordered.length > 0) this.#changed();
  }

  #summarize(event: StampEvent): void {
    const { cardId } = event;
    if (this.#doubtful.has(cardId)) return;
    if (this.#unsettled.has(cardId)) {
      // Its state leaves out an event in doubt: the fold from its record says what counts.
      this.#summaries.delete(cardId);
      this.#doubtful.add(cardId);
      return;
    }
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
      if (this.#rereading.delete(cardId) && !this.#opening.has(cardId))
        this.#arriving.delete(cardId);
      this.#summaries.delete(cardId);
      this.#doubtful.add(cardId);
      if (this.#open.has(cardId)) this.#closeAll();
    }
    if (any) this.#changed();
  }

  #closeAll(): void {
    this.#replica = this.#fresh();
    this.#eventsOpen = 0;
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
