import type { WaitTimers } from "../src/wait-timers";

/** A timer set on a clock a test drives: when it is due, and what it runs. */
export interface SetTimer {
  readonly at: number;
  readonly callback: () => void;
}

/**
 * `WaitTimers` whose clock the test moves: `now` is what the server's code reads, `current` the
 * time a timer set counts from (the same clock; a test that scripts readings keeps them apart).
 * The timers set wait in `pending` for the test to run them.
 */
export function timerSet(now: () => number, current: () => number = now) {
  const pending = new Set<SetTimer>();
  const timers: WaitTimers = {
    now,
    set: (callback, ms) => {
      const timer = { at: current() + ms, callback };
      pending.add(timer);
      return timer;
    },
    clear: (handle) => {
      pending.delete(handle as SetTimer);
    },
    later: (callback) => setImmediate(callback),
  };
  return { timers, pending };
}
