import {
  applyEvent,
  type CardState,
  emptyCardState,
  type Program,
  type StampEvent,
} from "@stamp/core";
import { type CardRecord, foldRecord } from "./card-record";

/**
 * A summary state for every card the till holds, folded once at start (`CardLedger.warmUp`) and
 * kept current as events arrive, so an unattended scan is checked against memory and costs one
 * write. A summary that cannot take an event incrementally (out of HLC order, a revocation) is
 * dropped as doubtful; such a card is read from IndexedDB on its next scan. A card whose snapshot
 * may lack an event the till holds is _unsettled_ (SPEC CS5): its state is what the till knows for
 * sure, and it is fetched again once online.
 */
export class CardSummaries {
  readonly #programs: ReadonlyMap<string, Program>;
  readonly #summaries = new Map<string, CardState>();
  readonly #doubtful = new Set<string>();
  readonly #unsettled = new Set<string>();
  #warm = false;

  constructor(programs: ReadonlyMap<string, Program>) {
    this.#programs = programs;
  }

  /** Every card the till held at start is folded: a card with no summary holds nothing. */
  get warm(): boolean {
    return this.#warm;
  }

  warmedUp(): void {
    this.#warm = true;
  }

  /** The card's summary, if memory has one it can trust; null: read the card. */
  state(program: Program, cardId: string): CardState | null {
    if (this.#doubtful.has(cardId)) return null;
    const summary = this.#summaries.get(cardId);
    if (summary) return summary;
    return this.#warm ? emptyCardState(program, cardId) : null;
  }

  /** Whether memory knows the till holds anything of the card. */
  has(cardId: string): boolean {
    return this.#summaries.has(cardId);
  }

  isDoubtful(cardId: string): boolean {
    return this.#doubtful.has(cardId);
  }

  /** Cards whose state may lack an event the till holds: fetch them once online (SPEC CS5). */
  unsettled(): string[] {
    return [...this.#unsettled];
  }

  /** The card's summary folded from its record (of known programs), and its doubt. */
  fold(record: CardRecord): void {
    const fold = foldRecord((programId) => this.#programs.get(programId), record);
    this.take(record.cardId, fold.state ?? undefined, fold.doubtful);
  }

  /** The card's state as folded elsewhere (an open card), and whether it may lack an event. */
  take(cardId: string, state: CardState | undefined, unsettled: boolean): void {
    if (state) this.#summaries.set(cardId, state);
    if (unsettled) this.#unsettled.add(cardId);
    else this.#unsettled.delete(cardId);
  }

  /** Memory holds what it read of the card (a read adopted). */
  trust(cardId: string): void {
    this.#doubtful.delete(cardId);
  }

  /** Memory cannot tell what the card holds now: read it on its next scan. */
  doubt(cardId: string): void {
    this.#summaries.delete(cardId);
    this.#doubtful.add(cardId);
  }

  /** Folds one new event into the card's summary, or leaves the card doubtful. */
  summarize(event: StampEvent): void {
    const { cardId } = event;
    if (this.#doubtful.has(cardId)) return;
    if (this.#unsettled.has(cardId)) {
      // Its state leaves out an event in doubt: the fold from its record says what counts.
      this.doubt(cardId);
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
      this.doubt(cardId);
    }
  }
}
