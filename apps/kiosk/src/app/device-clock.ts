import { type HlcClock, parseHlc, receive, tick } from "@stamp/core";

/**
 * This device's hybrid logical clock, kept in memory so stamping an event needs no read; every
 * event transaction persists it, and pulled events move it forward (HLC receive).
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

  /** Folds in a remote HLC (the newest pulled), so later local events sort after it. */
  observe(hlc: string, nowMs: number): void {
    const remote = parseHlc(hlc);
    if (remote) this.#clock = receive(this.#clock, remote, nowMs).clock;
  }
}
