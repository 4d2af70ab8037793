import type { StampEvent } from "./events";

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
