// A location's year of stamping, as the log benches simulate it (bench/log-size.ts in Node with
// fake-indexeddb, bench/log-size-chromium.ts in Chromium): this till's own stamps and another
// till's, a day at a time, on a few thousand cards of which regulars come most.
import { EVENT_VERSION, formatHlc, nodeIdForDevice, type StampEvent } from "@stamp/core";
import { cardIdFor, DEVICE, MERCHANT, makeProgram, T0 } from "@stamp/core/testing";
import { v7 as uuidv7 } from "uuid";

export const CARDS = 3_000;
export const OWN_PER_DAY = 150;
export const OTHERS_PER_DAY = 300;
export const SYNCS_PER_DAY = 12;
export const DAY_MS = 86_400_000;
export const OTHER_TILL = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c05";
export { DEVICE, MERCHANT, T0 };

export const program = makeProgram({ goal: 10 });

export function stamp(deviceId: string, cardId: string, ms: number, counter: number): StampEvent {
  return {
    id: uuidv7({ msecs: ms }),
    v: EVENT_VERSION,
    hlc: formatHlc({ millis: ms, counter, node: nodeIdForDevice(deviceId) }),
    deviceId,
    merchantId: MERCHANT,
    programId: program.id,
    cardId,
    type: "stamps.added",
    count: 1,
    channel: "staff",
  } as StampEvent;
}

/** A day's stamps at the location, in time order: regulars (a fifth of the cards) come most. */
export function dayOfStamps(day: number, random: () => number): StampEvent[] {
  const open = T0 + day * DAY_MS + 8 * 3_600_000;
  const card = () =>
    cardIdFor(1 + Math.floor(random() < 0.6 ? random() * (CARDS / 5) : random() * CARDS));
  const events = [
    ...Array.from({ length: OWN_PER_DAY }, () => ({ device: DEVICE, at: random() })),
    ...Array.from({ length: OTHERS_PER_DAY }, () => ({ device: OTHER_TILL, at: random() })),
  ].sort((a, b) => a.at - b.at);
  return events.map((e, i) => stamp(e.device, card(), open + Math.floor(e.at * 12 * 3_600_000), i));
}

/** A day's stamps in the chunks the till syncs them in (`SYNCS_PER_DAY` a day). */
export function syncChunks(events: readonly StampEvent[]): StampEvent[][] {
  const per = Math.ceil(events.length / SYNCS_PER_DAY);
  const chunks: StampEvent[][] = [];
  for (let i = 0; i < events.length; i += per) chunks.push(events.slice(i, i + per));
  return chunks;
}
