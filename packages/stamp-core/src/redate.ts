import type { StampEvent } from "./events";
import { DEFAULT_MAX_ADOPT_MS, type HlcClock, tick } from "./hlc";
import { inFoldOrder } from "./order";

/**
 * Makes events refused for a wrong device clock anew (SPEC H6): in L2 order, each with a new id
 * and a new HLC from `clock` at `nowMs`, a revocation naming a held event naming its copy. A clock
 * still ahead of `nowMs` by more than a remote time may be (H4) — it ticked while the wall clock
 * was wrong — starts again from `nowMs`, or the copies would carry the wrong date again.
 */
export function redateEvents(
  held: readonly StampEvent[],
  clock: HlcClock,
  nowMs: number,
  newId: () => string,
): { readonly copies: readonly StampEvent[]; readonly clock: HlcClock } {
  let current: HlcClock =
    clock.millis > nowMs + DEFAULT_MAX_ADOPT_MS
      ? { millis: nowMs, counter: 0, node: clock.node }
      : clock;
  const ids = new Map<string, string>();
  const copies: StampEvent[] = [];
  for (const event of inFoldOrder(held)) {
    const next = tick(current, nowMs);
    current = next.clock;
    const id = newId();
    ids.set(event.id, id);
    copies.push(
      event.type === "stamps.revoked"
        ? { ...event, id, hlc: next.hlc, targetId: ids.get(event.targetId) ?? event.targetId }
        : { ...event, id, hlc: next.hlc },
    );
  }
  return { copies, clock: current };
}
