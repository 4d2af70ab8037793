import { type HlcClock, parseHlc, receive, tick } from "@stamp/core";

/** Whether `a` is a later time than `b` (the node aside: one device's tabs share it). */
export function isLater(a: HlcClock, b: HlcClock): boolean {
  return a.millis > b.millis || (a.millis === b.millis && a.counter > b.counter);
}

/**
 * This device's hybrid logical clock, kept in memory; every event transaction reads the stored one
 * (another tab may have moved it, `catchUp`; `writeEvents` reads it beside its writes) and persists
 * it, and pulled events move it forward (HLC receive).
 */
export class DeviceClock {
  #clock: HlcClock;

  constructor(start: HlcClock) {
    this.#clock = start;
  }

  get current(): HlcClock {
    return this.#clock;
  }

  /** The HLC for a new local event; never goes backwards, even when the wall clock does. */
  stamp(nowMs: number): string {
    const next = tick(this.#clock, nowMs);
    this.#clock = next.clock;
    return next.hlc;
  }

  /**
   * Takes the clock as the log stored it, if later: another tab of this device wrote events since,
   * and this tab's next event must sort after them.
   */
  catchUp(stored: HlcClock): void {
    if (isLater(stored, this.#clock))
      this.#clock = { ...this.#clock, millis: stored.millis, counter: stored.counter };
  }

  /** Folds in a remote HLC (the newest pulled), so later local events sort after it. */
  observe(hlc: string, nowMs: number): void {
    const remote = parseHlc(hlc);
    if (remote) this.#clock = receive(this.#clock, remote, nowMs).clock;
  }
}
