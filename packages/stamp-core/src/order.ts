import type { StampEvent } from "./events";
import { hlcMillis } from "./hlc";

/** The one total order every replica folds in: by HLC, then by event id (SPEC L2). */
export function compareEvents(
  a: Pick<StampEvent, "hlc" | "id">,
  b: Pick<StampEvent, "hlc" | "id">,
): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

export function sortEvents<E extends Pick<StampEvent, "hlc" | "id">>(events: readonly E[]): E[] {
  return [...events].sort(compareEvents);
}

/**
 * Events in L2 order, for folding. Input already in order (the server reads events in sequence
 * order, which nearly always is HLC order) is returned as is. Otherwise the events are sorted by
 * their HLC millisecond with the native numeric sort of a Float64Array — each key packs
 * `(millis − earliest) × n + index`, exact below 2^53 — and only runs that share a millisecond
 * are put in full L2 order by string comparison. A comparator sort over 46-character strings was
 * most of the time of a shuffled fold.
 */
export function inFoldOrder<E extends Pick<StampEvent, "hlc" | "id">>(
  events: readonly E[],
): readonly E[] {
  let ordered = true;
  for (let i = 1; i < events.length && ordered; i++)
    ordered = compareEvents(events[i - 1] as E, events[i] as E) <= 0;
  if (ordered) return events;
  const n = events.length;
  const millis = new Float64Array(n);
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const ms = hlcMillis((events[i] as E).hlc);
    millis[i] = ms;
    if (ms < earliest) earliest = ms;
    if (ms > latest) latest = ms;
  }
  if ((latest - earliest + 1) * n >= 2 ** 53) return [...events].sort(compareEvents);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = ((millis[i] as number) - earliest) * n + i;
  keys.sort();
  const out = new Array<E>(n);
  for (let j = 0; j < n; j++) out[j] = events[(keys[j] as number) % n] as E;
  // Runs within one millisecond: order them by counter, node and id (insertion sort: runs are short).
  for (let j = 1; j < n; j++) {
    const event = out[j] as E;
    const ms = Math.floor((keys[j] as number) / n);
    let k = j - 1;
    while (
      k >= 0 &&
      Math.floor((keys[k] as number) / n) === ms &&
      compareEvents(out[k] as E, event) > 0
    ) {
      out[k + 1] = out[k] as E;
      k--;
    }
    out[k + 1] = event;
  }
  return out;
}
