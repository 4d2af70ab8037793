import {
  type Arrival,
  type CardState,
  compareEvents,
  emptyCardState,
  type Program,
  type StampEvent,
} from "@stamp/core";
import { CardReading } from "./card-reading";
import { type CardRecord, ofKnownPrograms, type RecordRead } from "./card-record";
import { CardSummaries } from "./card-summaries";
import { OpenCards } from "./open-cards";

/**
 * What this device knows about its cards, folded by stamp-core's `CompactReplica` from what the
 * till holds of each (a snapshot and the events beside it, SPEC CS1–CS5), at two depths:
 *
 * - a summary state for every card (`CardSummaries`), folded once at start (`warmUp`);
 * - the events beyond the snapshot for cards opened on screen (`OpenCards`).
 *
 * A card read elsewhere (a scan's transaction, the screen, a background reread) is adopted from
 * the newest of its reads (`CardReading`); events that arrive meanwhile are kept for it.
 */
export class CardLedger {
  readonly #load: (cardId: string, begin: () => number) => Promise<RecordRead>;
  readonly #programs: ReadonlyMap<string, Program>;
  readonly #summaries: CardSummaries;
  readonly #open: OpenCards;
  readonly #reading = new Map<string, CardReading>();
  readonly #opening = new Map<string, Promise<void>>();
  #generation = 0;
  /** The last reread's end; null: none running. */
  #rereading: Promise<void> | null = null;
  readonly #listeners = new Set<() => void>();
  #revision = 0;

  constructor(
    load: (cardId: string, begin: () => number) => Promise<RecordRead>,
    programs: ReadonlyMap<string, Program>,
  ) {
    this.#load = load;
    this.#programs = programs;
    this.#summaries = new CardSummaries(programs);
    this.#open = new OpenCards((programId) => programs.get(programId));
  }

  /** What names a program this device was not told about yet stays in IndexedDB, out of the fold. */
  #known(record: CardRecord): CardRecord {
    return ofKnownPrograms(record, (programId) => this.#programs.has(programId));
  }

  get revision(): number {
    return this.#revision;
  }

  /**
   * The generation of a read of cards that ends in `adopt`: call it inside the read's transaction,
   * before its first request. IndexedDB runs transactions over the same stores in the order they
   * were created, so a read of a higher generation saw every write one of a lower generation saw,
   * and every write committed before it began.
   */
  readonly begin = (): number => {
    this.#generation += 1;
    return this.#generation;
  };

  /**
   * Folds every card the till holds into summaries. Cards that receive events meanwhile are left
   * doubtful (their read may predate those events) and are read again when scanned; cards read
   * elsewhere meanwhile take that read.
   */
  async warmUp(cards: AsyncIterable<CardRecord>): Promise<void> {
    for await (const record of cards) {
      const { cardId } = record;
      if (this.#summaries.isDoubtful(cardId) || this.#summaries.has(cardId)) continue;
      if (this.#reading.has(cardId)) continue;
      this.#summaries.fold(this.#known(record));
    }
    this.#summaries.warmedUp();
  }

  /** Cards whose state may lack an event the till holds: fetch them once online (SPEC CS5). */
  unsettledCards(): string[] {
    return this.#summaries.unsettled();
  }

  /** The card's state if memory can be trusted for it, without reading IndexedDB; else null. */
  knownState(program: Program, cardId: string): CardState | null {
    if (this.#reading.has(cardId)) return null;
    if (this.#open.has(cardId)) return this.#open.state(cardId) ?? emptyCardState(program, cardId);
    return this.#summaries.state(program, cardId);
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
    if (this.#open.has(cardId)) return this.#open.state(cardId) ?? emptyCardState(program, cardId);
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
    return this.#open.base(cardId);
  }

  /** An open card's events beyond its snapshot (the tail and what came after), in L2 order. */
  events(cardId: string): readonly StampEvent[] {
    return this.#open.events(cardId);
  }

  /**
   * Reads the card for the screen. A read refused (the card changed behind memory's back while it
   * was out) leaves it closed and doubtful; the change notice makes the screen open it again.
   */
  async #openCard(cardId: string): Promise<void> {
    if (this.#open.crowded) this.#open.closeAll();
    this.expect(cardId);
    let read: RecordRead;
    try {
      read = await this.#load(cardId, this.begin);
    } catch (error) {
      this.abandon(cardId);
      throw error;
    }
    const reading = this.#reading.get(cardId) as CardReading;
    reading.take(read);
    if (reading.record()) this.#open.add(cardId);
    this.#release(cardId, reading);
    this.#open.counted(cardId);
  }

  /**
   * For a card about to be read elsewhere (in the transaction that also writes to it): events
   * that arrive before the read is adopted or abandoned are kept for it rather than lost. Every
   * `expect` ends in one `adopt` or one `abandon`.
   */
  expect(cardId: string): void {
    const reading = this.#reading.get(cardId);
    if (reading) reading.pending += 1;
    else this.#reading.set(cardId, new CardReading());
  }

  /** The read elsewhere failed. */
  abandon(cardId: string): void {
    const reading = this.#reading.get(cardId);
    if (reading) this.#release(cardId, reading);
  }

  /**
   * Takes a card's record read elsewhere as memory's, with the events that arrived meanwhile;
   * refused if it began before a newer read adopted or before the card was forgotten.
   */
  adopt(read: RecordRead): void {
    const { cardId } = read.record;
    const reading = this.#reading.get(cardId);
    if (!reading) return;
    reading.take(read);
    this.#release(cardId, reading);
  }

  /**
   * One read of the card is over: memory holds the newest read adopted and what arrived since. A
   * card left with no read it can trust is doubtful, read again on its next scan.
   */
  #release(cardId: string, reading: CardReading): void {
    reading.pending -= 1;
    if (reading.pending === 0) this.#reading.delete(cardId);
    const all = reading.record();
    if (all) {
      this.#summaries.trust(cardId);
      if (this.#open.has(cardId)) {
        this.#open.seed(this.#known(all));
        this.#takeOpen(cardId);
      } else this.#summaries.fold(this.#known(all));
    } else if (reading.pending === 0) {
      this.#summaries.doubt(cardId);
      // An open card missed the events kept for the read.
      if (this.#open.has(cardId)) this.#open.closeAll();
    }
    this.#changed();
  }

  /**
   * Cards whose held data changed behind memory's back (a compact pull stored them): forgotten, then
   * folded again from `reads` (begun with `begin`), so their next scan is checked against memory
   * and writes without reading first. A card read again meanwhile (a scan's transaction, the
   * screen, the next page of a pull) takes whichever read is newer.
   */
  reread(cardIds: readonly string[], reads: AsyncIterable<RecordRead>): Promise<void> {
    this.forget(cardIds);
    const waiting = new Set(cardIds);
    for (const cardId of waiting) this.expect(cardId);
    // One reread reads at a time: a pull of many pages keeps one of their reads in flight, not one
    // per page, each holding up the writes to the same stores. With none running it reads now.
    const start = () => this.#adoptAll(waiting, reads);
    const turn = this.#rereading ? this.#rereading.then(start) : start();
    const over: Promise<void> = turn
      .catch(() => {})
      .then(() => {
        if (this.#rereading === over) this.#rereading = null;
      });
    this.#rereading = over;
    return turn;
  }

  async #adoptAll(waiting: Set<string>, reads: AsyncIterable<RecordRead>): Promise<void> {
    try {
      for await (const read of reads) if (waiting.delete(read.record.cardId)) this.adopt(read);
    } finally {
      for (const cardId of waiting) this.abandon(cardId);
    }
  }

  /** An open card's state and doubt as the open replica has them, kept as its summary too. */
  #takeOpen(cardId: string): void {
    this.#summaries.take(cardId, this.#open.state(cardId), this.#open.doubtful(cardId));
  }

  /** Folds new events (made here, `own`, or pulled) into the summaries and the open cards. */
  ingest(events: readonly StampEvent[], arrival: Arrival): void {
    const ordered = events.filter((e) => this.#programs.has(e.programId)).sort(compareEvents);
    const toOpenCards: StampEvent[] = [];
    for (const event of ordered) {
      const { cardId } = event;
      const reading = this.#reading.get(cardId);
      if (reading) {
        reading.arriving.push({ event, arrival });
        continue;
      }
      if (this.#open.has(cardId)) toOpenCards.push(event);
      else this.#summaries.summarize(event);
    }
    if (toOpenCards.length > 0) {
      this.#open.ingest(toOpenCards, arrival);
      for (const cardId of new Set(toOpenCards.map((e) => e.cardId))) this.#takeOpen(cardId);
    }
    if (ordered.length > 0) this.#changed();
  }

  /**
   * The log changed behind our back (another tab, rejected events): read these cards again. A read
   * of them out now may predate the change; it is refused.
   */
  forget(cardIds: Iterable<string>): void {
    let any = false;
    for (const cardId of cardIds) {
      any = true;
      const reading = this.#reading.get(cardId);
      reading?.stale(this.begin());
      this.#summaries.doubt(cardId);
      if (this.#open.has(cardId)) this.#open.closeAll();
    }
    if (any) this.#changed();
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
