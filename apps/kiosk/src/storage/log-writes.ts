/** One event write to the log and the cards it wrote to, as the clock row keeps the last few. */
export interface LoggedWrite {
  readonly write: number;
  readonly cards: readonly string[];
}

/** How many of the log's last writes the clock row names the cards of. */
export const WRITES_KEPT = 16;

/** The clock row's last writes with this one added (`WRITES_KEPT` of them at most). */
export function keptWrites(
  recent: readonly LoggedWrite[],
  write: LoggedWrite,
): readonly LoggedWrite[] {
  return [...recent.slice(1 - WRITES_KEPT), write];
}

/**
 * Which of the log's event writes this tab's memory has heard of. Every transaction that writes
 * events, in any tab of the origin, numbers itself one past the count it reads beside the clock
 * (`MetaRow` "clock"): a tab hears of its own writes as they commit and of another tab's by its
 * BroadcastChannel notice, which names the cards it changed (memory forgets those). Memory lacks
 * nothing another tab wrote while every write up to the log's count is heard of.
 *
 * A tab closed between its commit and its notice would leave the others behind for good; the
 * clock row names the cards of the last writes (`WRITES_KEPT`), and a tab that reads it in a write
 * of its own hears of those it missed (`learn`), once memory forgot their cards.
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

  /**
   * The cards of the writes among `recent` this tab had not heard of; they count as heard from
   * now, so the caller makes memory forget these cards before it decides on memory again.
   */
  learn(recent: readonly LoggedWrite[]): string[] {
    const cards: string[] = [];
    for (const { write, cards: of } of recent) {
      if (write <= this.#upTo || this.#beyond.has(write)) continue;
      cards.push(...of);
      this.heard(write);
    }
    return cards;
  }
}
