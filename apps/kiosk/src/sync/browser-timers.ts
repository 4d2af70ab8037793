import type { Timers } from "./sync-scheduler";

/** The page's timers and clock, which the sync loop and a held stream's silence run on. */
export const browserTimers: Timers = {
  set: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clear: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  // Deadlines on the monotonic clock: a tablet whose date is set wrong, or set right again, must
  // not hold its next run back until the old deadline comes round on the new date.
  now: () => performance.now(),
  random: () => Math.random(),
};
