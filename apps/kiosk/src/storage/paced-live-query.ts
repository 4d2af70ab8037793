import Dexie, { type ObservabilitySet } from "dexie";
import type { StampDb } from "./db";

/**
 * How a paced query waits: at most `ms` after a run, less after a cheap one (`gapAfter`);
 * `later(run, ms)` runs once after ms unless cancelled.
 */
export interface Pacing {
  readonly ms: number;
  readonly now: () => number;
  readonly later: (run: () => void, ms: number) => () => void;
}

export const browserPacing = (ms: number): Pacing => ({
  ms,
  now: () => performance.now(),
  later: (run, wait) => {
    const timer = setTimeout(run, wait);
    return () => clearTimeout(timer);
  },
});

/** Idle time per unit of a run's time: a paced query is busy at most ~5 % of the time. */
const IDLE_PER_BUSY = 20;

/**
 * The wait after a run that took `busyMs` before the next may start: in proportion to its cost,
 * so a count of a few queued stamps follows every scan at once (the cashier sees "1 waiting" as
 * they stamp), and at most `ms` however long a backlog's count took.
 */
export const gapAfter = (busyMs: number, ms: number): number =>
  Math.min(ms, busyMs * IDLE_PER_BUSY);

/**
 * A live query that runs never twice at a time and never sooner than `gapAfter` its last run: at
 * once when subscribed and on the first change after a quiet spell, then once more at the end of
 * the gap for every change within it (of `tables`, in this tab or another: Dexie's
 * `storagemutated`), and once more after a run that a change came during. For a query that costs
 * what it reads whatever changed — counting a backlog's outbox — which a plain `liveQuery` re-runs
 * on every commit (each answer of a backlog sync), in a transaction the next answer's write waits
 * for. A failing run reports `error`. Returns the unsubscribe.
 */
export function pacedLiveQuery<T>(
  db: StampDb,
  tables: readonly string[],
  query: (db: StampDb) => Promise<T>,
  pacing: Pacing,
  observer: { readonly next: (value: T) => void; readonly error: (error: unknown) => void },
): () => void {
  const prefixes = tables.map((table) => `idb://${db.name}/${table}/`);
  let closed = false;
  let nextAllowed = Number.NEGATIVE_INFINITY;
  let cancel: (() => void) | null = null;
  let running = false;
  let changedMeanwhile = false;
  let started = 0;
  const schedule = () => {
    cancel = pacing.later(run, Math.max(0, nextAllowed - pacing.now()));
  };
  const settled = () => {
    running = false;
    const ended = pacing.now();
    nextAllowed = ended + gapAfter(ended - started, pacing.ms);
    if (changedMeanwhile && !closed) {
      changedMeanwhile = false;
      schedule();
    }
  };
  const run = () => {
    cancel = null;
    running = true;
    started = pacing.now();
    query(db).then(
      (value) => {
        settled();
        if (!closed) observer.next(value);
      },
      (error: unknown) => {
        settled();
        if (!closed) observer.error(error);
      },
    );
  };
  const changed = (parts: ObservabilitySet) => {
    if (closed || cancel !== null) return;
    if (!Object.keys(parts).some((part) => prefixes.some((prefix) => part.startsWith(prefix))))
      return;
    if (running) changedMeanwhile = true;
    else schedule();
  };
  Dexie.on.storagemutated.subscribe(changed);
  run();
  return () => {
    closed = true;
    cancel?.();
    Dexie.on.storagemutated.unsubscribe(changed);
  };
}
