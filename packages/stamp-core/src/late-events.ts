import { COMPACT_TAIL_EVENTS } from "./compact-card";
import type { StampEvent } from "./events";
import { compareEvents } from "./order";

/** An event where the server's log holds it: its position (`seq`) and where it sorts (L2). */
export type LoggedEvent = Pick<StampEvent, "cardId" | "hlc" | "id"> & { readonly seq: number };

/**
 * Of the events `asked`, those too late to go out on their own to a till holding compact cards
 * (SPEC CS4): more than `tailEvents` events of their card stored before them sort after them.
 * `logged` holds, for each card asked about, the asked events and every event of the card that
 * sorts after the earliest of them, in any order. Such an event may sort before a snapshot that
 * lacks it (the snapshot's last event and its tail all sort after it and were stored before it);
 * one late by fewer cannot, so a till's snapshot that sorts after it holds it (CS3).
 */
export function tooLate(
  logged: readonly LoggedEvent[],
  asked: ReadonlySet<string>,
  tailEvents = COMPACT_TAIL_EVENTS,
): Set<string> {
  const byCard = new Map<string, LoggedEvent[]>();
  for (const event of logged) {
    const card = byCard.get(event.cardId) ?? [];
    card.push(event);
    byCard.set(event.cardId, card);
  }
  const late = new Set<string>();
  for (const events of byCard.values()) {
    // In the order they were stored, each against those stored before it, kept in L2 order.
    const stored: LoggedEvent[] = [];
    for (const event of events.sort((a, b) => a.seq - b.seq)) {
      const at = insertionPoint(stored, event);
      if (asked.has(event.id) && stored.length - at > tailEvents) late.add(event.id);
      stored.splice(at, 0, event);
    }
  }
  return late;
}

/** Where `event` goes in `sorted` (L2 order): every event from there on sorts after it. */
function insertionPoint(sorted: readonly LoggedEvent[], event: LoggedEvent): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareEvents(sorted[mid] as LoggedEvent, event) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
