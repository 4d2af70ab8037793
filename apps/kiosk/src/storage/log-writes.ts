/**
 * Which of the log's event writes this tab's memory has heard of. Every transaction that writes
 * events, in any tab of the origin, numbers itself one past the count it reads beside the clock
 * (`MetaRow` "clock"): a tab hears of its own writes as they commit and of another tab's by its
 * BroadcastChannel notice, which names the cards it changed (memory forgets those). Memory lacks
 * nothing another tab wrote while every write up to the log's count is heard of.
 */
export class LogWrites {
  #upTo: number;
  readonly #beyond = new Set<number>();

  /** `count`: the log's count as this tab's memory started from it. */
  constructor(count: number) {
    this.#upTo = count;
  }

  /** Every write up to this one is heard of (memory holds what they wrote). */
  get upTo(): number {
    return this.#upTo;
  }

  heard(write: number): void {
    if (write <= this.#upTo) return;
    this.#beyond.add(write);
    while (this.#beyond.delete(this.#upTo + 1)) this.#upTo += 1;
  }
}

/**
 * A decision taken on memory met a write memory had not heard of (another tab's, its notice still
 * on the way): nothing was written; decide again on the card as the log holds it.
 */
export class MemoryBehind extends Error {
  constructor() {
    super("another tab wrote events this tab has not heard of");
    this.name = "MemoryBehind";
  }
}
