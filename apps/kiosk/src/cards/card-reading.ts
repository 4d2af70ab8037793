import { type CardRecord, type HeldEvent, type RecordRead, withHeld } from "./card-record";

/**
 * A card being read elsewhere (a scan's transaction, the screen, a background reread): the reads
 * begun and not yet over, the events that arrived meanwhile (a read may have begun before they
 * were written) and the newest read adopted. Reads carry the generation they began at
 * (`CardLedger.begin`); one older than the newest adopted, or than a change memory was told of
 * (`stale`), is refused.
 */
export class CardReading {
  pending = 1;
  readonly arriving: HeldEvent[] = [];
  #floor = 0;
  #newest: RecordRead | null = null;

  /** Takes a read unless it is older than what memory holds. */
  take(read: RecordRead): void {
    if (read.generation < this.#floor) return;
    if (this.#newest && this.#newest.generation > read.generation) return;
    this.#newest = read;
  }

  /** The card changed behind memory's back at `generation`: reads begun before it are refused. */
  stale(generation: number): void {
    this.#floor = generation;
    this.#newest = null;
  }

  /** What memory can hold of the card now: the newest read and what arrived since; null: nothing. */
  record(): CardRecord | null {
    return this.#newest && withHeld(this.#newest.record, this.arriving);
  }
}
