import type { ScopeChange, ScopeFeed } from "../storage/scope-changes";
import { realTimers, type WaitTimers } from "../wait-timers";
import { PullWait, type WaitingTill } from "./pull-wait";

/** How many pulls an instance holds at once: each is an open request (a socket, a little memory). */
export interface PullWaitLimits {
  /** Of one merchant, so one tenant cannot take every place. */
  readonly perMerchant: number;
  /** Of the whole instance. */
  readonly total: number;
}

/** 1,000 tills of one merchant fit; a waiting pull costs a socket and a few kB. */
export const DEFAULT_PULL_WAIT_LIMITS: PullWaitLimits = { perMerchant: 2_000, total: 10_000 };

/**
 * How many held pulls one change wakes at once; the next ones after the event loop has read what
 * arrived meanwhile (`WaitTimers.later`): a stamp woke its location's ~100 idle tills in one
 * burst, and a busy till's round waited behind all their answers (issue 13). Only pulls the change
 * really wakes count: the merchant's pulls at its other locations (a no-op each) took most of each
 * batch's places, so one location's ~100 woken pulls were spread over ~125 turns.
 */
export const WAKE_BATCH = 8;

/**
 * The pulls this instance holds (the long-poll of `POST /api/v1/sync`, wire protocol `pull-wait`):
 * they wait in process, holding no database connection, for the storage's scope changes (SQLite:
 * this process's commits; PostgreSQL: every instance's, by LISTEN/NOTIFY). Bounded: one waiting
 * pull per device (a newer one ends the older, which a till that lost its connection left behind),
 * `perMerchant` per merchant and `total` in all. The counts change only in `enter` and `leave`,
 * which run to completion on the event loop, so concurrent requests cannot pass a bound.
 */
export class PullWaits {
  readonly #limits: PullWaitLimits;
  readonly #timers: WaitTimers;
  readonly #byDevice = new Map<string, PullWait>();
  readonly #byMerchant = new Map<string, Set<PullWait>>();
  /** Every wait, by deadline (the earliest first): one timer serves them all. */
  readonly #byDeadline: PullWait[] = [];
  /** The timer, for the earliest deadline (`#armedFor`), or null. */
  #timer: unknown = null;
  #armedFor = Number.POSITIVE_INFINITY;
  /** One for every wait: how it gives its place back. */
  readonly #leave = (wait: PullWait) => this.#remove(wait);
  readonly #unsubscribe: () => void;
  #closing = false;
  #drained: (() => void) | null = null;

  constructor(
    feed: ScopeFeed,
    limits: PullWaitLimits = DEFAULT_PULL_WAIT_LIMITS,
    timers: WaitTimers = realTimers,
  ) {
    this.#limits = limits;
    this.#timers = timers;
    this.#unsubscribe = feed.subscribe((change) => this.#heard(change));
  }

  /** How many pulls are held now. */
  get waiting(): number {
    return this.#byDevice.size;
  }

  /**
   * How many of them wait on a change now (`PullWait.asleep`): a place is taken before its pull
   * reads its first page, so `waiting` counts pulls still reading, which may see a commit first.
   */
  get asleep(): number {
    let asleep = 0;
    for (const wait of this.#byDevice.values()) if (wait.asleep) asleep++;
    return asleep;
  }

  /**
   * A place for the device's pull of at most `waitMs`, or null when a bound is reached or the
   * server is stopping.
   */
  enter(device: WaitingTill, waitMs: number): PullWait | null {
    if (this.#closing) return null;
    const older = this.#byDevice.get(device.id);
    if (older) {
      this.#remove(older);
      older.end();
    }
    const ofMerchant = this.#byMerchant.get(device.merchantId) ?? new Set<PullWait>();
    if (ofMerchant.size >= this.#limits.perMerchant || this.#byDevice.size >= this.#limits.total)
      return null;
    const now = this.#timers.now();
    const wait = new PullWait(device, now + waitMs, this.#timers, this.#leave);
    ofMerchant.add(wait);
    this.#byMerchant.set(device.merchantId, ofMerchant);
    this.#byDevice.set(device.id, wait);
    this.#byDeadline.splice(this.#dueAfter(wait.deadline), 0, wait);
    this.#arm(now);
    return wait;
  }

  /** Ends every held pull (they answer now) and takes no more; resolves when all have left. */
  close(): Promise<void> {
    this.#closing = true;
    this.#unsubscribe();
    this.#timers.clear(this.#timer);
    for (const wait of this.#byDevice.values()) wait.end();
    if (this.#byDevice.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#drained = resolve;
    });
  }

  #remove(wait: PullWait): void {
    if (this.#byDevice.get(wait.deviceId) !== wait) return;
    this.#byDevice.delete(wait.deviceId);
    const ofMerchant = this.#byMerchant.get(wait.merchantId);
    ofMerchant?.delete(wait);
    if (ofMerchant?.size === 0) this.#byMerchant.delete(wait.merchantId);
    const at = this.#byDeadline.indexOf(wait, this.#dueAfter(wait.deadline, false));
    if (at >= 0) this.#byDeadline.splice(at, 1);
    if (this.#byDevice.size === 0) this.#drained?.();
  }

  /**
   * The index in `#byDeadline` of the first wait due after `deadline` (`strictly`), or from it on:
   * where a wait of that deadline goes, or where to look for it.
   */
  #dueAfter(deadline: number, strictly = true): number {
    let [low, high] = [0, this.#byDeadline.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      const due = (this.#byDeadline[middle] as PullWait).deadline;
      if (due < deadline || (strictly && due === deadline)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * Sets the timer for the earliest deadline after `now`, unless it is set for it already. Waits
   * past theirs at `now` are not waiting (reading a page, or timed up by `#due` at this `now`):
   * their next `until` is over at once. `now` is the caller's one reading of the clock: a second
   * reading could fall past a deadline the first did not reach, and that wait would have no timer.
   */
  #arm(now: number): void {
    const first = this.#byDeadline[this.#dueAfter(now)];
    if (this.#closing || !first || first.deadline >= this.#armedFor) return;
    this.#timers.clear(this.#timer);
    this.#armedFor = first.deadline;
    this.#timer = this.#timers.set(() => this.#due(), first.deadline - now);
  }

  /**
   * The timer: every wait whose deadline has come is up (it leaves when its request answers). It
   * may fire before the clock reaches the deadline (Node starts a timer at libuv's loop time, taken
   * when the turn began): the wait then keeps the timer, set again.
   */
  #due(): void {
    this.#timer = null;
    this.#armedFor = Number.POSITIVE_INFINITY;
    const now = this.#timers.now();
    for (const wait of this.#byDeadline) {
      if (wait.deadline > now) break;
      wait.timeUp();
    }
    this.#arm(now);
  }

  #heard(change: ScopeChange): void {
    const waits = [
      ...((change.kind === "everything"
        ? this.#byDevice.values()
        : this.#byMerchant.get(change.merchantId)) ?? []),
    ];
    for (const wait of waits) wait.heard(change);
    this.#wakeFrom(waits, 0);
  }

  /**
   * Wakes `waits` from `from` until `WAKE_BATCH` of them woke, the rest later (a wait gone
   * meanwhile is not; one whose scope the change did not touch takes no place).
   */
  #wakeFrom(waits: readonly PullWait[], from: number): void {
    let next = from;
    for (let woken = 0; woken < WAKE_BATCH && next < waits.length; next++)
      if ((waits[next] as PullWait).wake()) woken++;
    if (next < waits.length) this.#timers.later(() => this.#wakeFrom(waits, next));
  }
}
