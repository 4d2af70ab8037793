/**
 * How many pulls an instance reads and composes at once. A pull page of 1,000 events holds its
 * bodies and their parsed form (about 1.5 MB) while it waits on the database for the page's
 * joins and late events: a thousand tills catching up at once held a thousand of them (issue 13:
 * peak RSS 650–700 MB on PostgreSQL). Beyond the slots, pulls wait in arrival order, holding only
 * their request; the database never had room to serve more of them at once anyway. Every round's
 * page takes a slot, a round that pushes once its events are committed (`syncBatch`).
 */
export const PULL_SLOTS = 16;

/**
 * Who asks for a slot: a till's own request (`asked`), or a held pull woken by a commit
 * (`woken`). A freed slot goes to the requests first: a thousand idle tills woken by one shop's
 * stamps queued ahead of that shop's tills at work, whose pull-only rounds then waited seconds
 * (issue 13: p99 6.3 s at 1,000 tills). A woken pull waits only while tills keep asking, and
 * each till asks again only after its answer.
 */
export type PullLane = "asked" | "woken";

/** Runs at most `slots` pieces of work at once; the rest start in the order they came, by lane. */
export class PullGate {
  #free: number;
  readonly #waiting: Record<PullLane, (() => void)[]> = { asked: [], woken: [] };

  constructor(slots: number = PULL_SLOTS) {
    if (!(slots >= 1)) throw new Error(`a gate needs a slot, not ${slots}`);
    this.#free = slots;
  }

  /** How many wait for a slot now. */
  get waiting(): number {
    return this.#waiting.asked.length + this.#waiting.woken.length;
  }

  async run<T>(work: () => Promise<T>, lane: PullLane = "asked"): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((start) => this.#waiting[lane].push(start));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, so none can overtake it.
      const next = this.#waiting.asked.shift() ?? this.#waiting.woken.shift();
      if (next) next();
      else this.#free++;
    }
  }
}
