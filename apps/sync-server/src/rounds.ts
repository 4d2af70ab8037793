import { AsyncResource } from "node:async_hooks";
import type { Logger } from "./logger";
import { realTimers, type WaitTimers } from "./wait-timers";

/** How often rounds run: close together while there is work, rarely while there is none. */
export interface RoundsPace {
  /** After a round that did something; also the least time between the end of one and the next. */
  readonly busyMs: number;
  /**
   * After a round that found nothing. What is enqueued meanwhile wakes the rounds sooner (`wake`);
   * this round finds what nothing announced: another instance's work, a crashed claimer's lease
   * run out, a retry another instance scheduled.
   */
  readonly idleMs: number;
}

/**
 * Work done in rounds on a timer, one round at a time: a failed round is logged and the next
 * tries again soon, and `stop()` waits for the round in flight, so shutdown never cuts one in half.
 * A round answers how much it did: one that found nothing waits `idleMs` for the next, unless
 * woken. (The outboxes' senders run on it; their claims are most of an idle server's work.) Its
 * timer keeps the process running until `stop()`, which the server calls as it closes.
 */
export class Rounds {
  readonly #round: () => Promise<number>;
  readonly #pace: RoundsPace;
  readonly #logger: Logger;
  readonly #failure: string;
  readonly #timers: WaitTimers;
  /**
   * `#run` in the context the rounds were made in (the server's start). A wake comes from a
   * request (a commit's change feed, an API call), and a timer set there would run the round in
   * that request's async context: its AsyncLocalStorage values (the admin's language, a test's
   * statement count) and whatever else hangs on that context would follow the background work.
   */
  readonly #fire = AsyncResource.bind(() => this.#run());
  #timer: unknown;
  /** When the pending timer fires (on `#timers`' clock); +∞ while none is pending. */
  #due = Number.POSITIVE_INFINITY;
  /** When the last round ended: the next starts `busyMs` after it at the soonest. */
  #lastEnd = Number.NEGATIVE_INFINITY;
  #running: Promise<void> | undefined;
  /** Set before the round is called: it may enqueue work, and wake, before its first await. */
  #inRound = false;
  /** While a round runs: the soonest a wake asked for the next one (+∞: none did). */
  #wokenFor = Number.POSITIVE_INFINITY;
  #started = false;

  constructor(
    round: () => Promise<number>,
    pace: RoundsPace,
    logger: Logger,
    failure: string,
    timers: WaitTimers = realTimers,
  ) {
    this.#round = round;
    this.#pace = pace;
    this.#logger = logger;
    this.#failure = failure;
    this.#timers = timers;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#schedule(this.#pace.busyMs, this.#timers.now());
  }

  /** Work was enqueued: the next round comes now, or `busyMs` after the last one ended. */
  wake(): void {
    this.wakeIn(0);
  }

  /** Work falls due in `ms` (a retry this instance scheduled): a round then, at the latest. */
  wakeIn(ms: number): void {
    if (!this.#started) return;
    const now = this.#timers.now();
    const at = now + Math.max(0, ms);
    if (this.#inRound) {
      this.#wokenFor = Math.min(this.#wokenFor, at);
      return;
    }
    const soonest = Math.max(at, this.#lastEnd + this.#pace.busyMs);
    if (soonest < this.#due) this.#schedule(soonest - now, now);
  }

  async stop(): Promise<void> {
    this.#started = false;
    this.#timers.clear(this.#timer);
    this.#timer = undefined;
    this.#due = Number.POSITIVE_INFINITY;
    await this.#running;
  }

  /** The next round in `ms` from `now` (one reading of the clock for both). */
  #schedule(ms: number, now: number): void {
    this.#timers.clear(this.#timer);
    const delay = Math.max(0, ms);
    this.#due = now + delay;
    this.#timer = this.#timers.set(this.#fire, delay);
  }

  #run(): void {
    this.#timer = undefined;
    this.#due = Number.POSITIVE_INFINITY;
    this.#wokenFor = Number.POSITIVE_INFINITY;
    this.#inRound = true;
    this.#running = Promise.resolve()
      .then(() => this.#round())
      .then(
        (did) => did > 0,
        (error: unknown) => {
          this.#logger.error({ err: error }, this.#failure);
          // Tried again at the busy pace: the work it failed on is still there.
          return true;
        },
      )
      .then((busy) => {
        this.#inRound = false;
        this.#running = undefined;
        this.#lastEnd = this.#timers.now();
        if (!this.#started) return;
        const { busyMs, idleMs } = this.#pace;
        const next = this.#lastEnd + (busy ? busyMs : idleMs);
        const woken = Math.max(this.#wokenFor, this.#lastEnd + busyMs);
        this.#schedule(Math.min(next, woken) - this.#lastEnd, this.#lastEnd);
      });
  }
}
