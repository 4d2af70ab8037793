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

/** Hex digit value of a lowercase hex char code (validated HLCs only). */
function hexDigit(code: number): number {
  return code <= 57 ? code - 48 : code - 87;
}

/**
 * Events in L2 order, for folding. Input that is already in order (the server reads events in
 * sequence order, which nearly always is HLC order) is returned as is; otherwise the sort compares
 * numbers parsed once per event instead of 46-character strings, because a fold of a shuffled
 * card spends most of its time comparing.
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
  const counters = new Uint16Array(n);
  const index = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const hlc = (events[i] as E).hlc;
    millis[i] = hlcMillis(hlc);
    counters[i] =
      (hexDigit(hlc.charCodeAt(25)) << 12) |
      (hexDigit(hlc.charCodeAt(26)) << 8) |
      (hexDigit(hlc.charCodeAt(27)) << 4) |
      hexDigit(hlc.charCodeAt(28));
    index[i] = i;
  }
  index.sort(
    (a, b) =>
      (millis[a] as number) - (millis[b] as number) ||
      (counters[a] as number) - (counters[b] as number) ||
      compareEvents(events[a] as E, events[b] as E),
  );
  return index.map((i) => events[i] as E);
}
