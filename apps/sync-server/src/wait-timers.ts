/** The clock waits run on (monotonic; tests drive their own). */
export interface WaitTimers {
  now(): number;
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  /** Runs `callback` once the event loop has looked at I/O (`setImmediate`). */
  later(callback: () => void): void;
}

export const realTimers: WaitTimers = {
  now: () => performance.now(),
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
  later: (callback) => setImmediate(callback),
};
