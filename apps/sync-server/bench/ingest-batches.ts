import {
  createClock,
  type HlcClock,
  nodeIdForDevice,
  parseEvent,
  type StampEvent,
  tick,
} from "@stamp/core";
import { seededRandom } from "@stamp/core/testing";
import { v7 as uuidv7 } from "uuid";
import type { Services } from "../src/services";
import { syncBatch } from "../src/sync/sync-batch";

/** One pushed batch of the ingest benches: the till (index into its devices) and its events. */
export interface IngestBatch {
  readonly device: number;
  readonly events: StampEvent[];
}

/**
 * The ingest benches' traffic (run.ts, ingest-ab.ts): `count` batches of `size` stamps.added
 * events, the tills taking turns batch by batch, each stamping cards of its own pool (`cardsOf`)
 * drawn by a seeded random.
 */
export function ingestBatches(
  devices: readonly { deviceId: string }[],
  merchant: { merchantId: string; programId: string },
  cardsOf: (device: number) => readonly string[],
  count: number,
  size: number,
): IngestBatch[] {
  const random = seededRandom(42);
  const clocks: HlcClock[] = devices.map((d) => createClock(nodeIdForDevice(d.deviceId)));
  // After the cards' enrolment, one millisecond apart: in order for every card, as a till's queue is.
  const t0 = Date.now();
  const batches: IngestBatch[] = [];
  for (let b = 0; b < count; b++) {
    const device = b % devices.length;
    const cards = cardsOf(device);
    const events: StampEvent[] = [];
    for (let i = 0; i < size; i++) {
      const at = t0 + b * size + i;
      const next = tick(clocks[device] as HlcClock, at);
      clocks[device] = next.clock;
      const parsed = parseEvent({
        id: uuidv7({ msecs: at }),
        v: 1,
        type: "stamps.added",
        hlc: next.hlc,
        deviceId: (devices[device] as { deviceId: string }).deviceId,
        merchantId: merchant.merchantId,
        programId: merchant.programId,
        cardId: cards[Math.floor(random() * cards.length)] as string,
        count: 1,
        channel: "staff",
      });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      events.push(parsed.value);
    }
    batches.push({ device, events });
  }
  return batches;
}

/**
 * One pushed batch as its till's sync round, in process (no HTTP: the in-process ingest benches,
 * ingest-batch.ts and ingest-pg-batch.ts); every event must be accepted. The till's cursor moves on.
 */
export async function ingestRound(
  services: Services,
  merchant: { merchantId: string; locationId: string },
  till: { deviceId: string; cursor: string | null },
  raw: unknown[],
): Promise<void> {
  const round = await syncBatch(
    services,
    { deviceId: till.deviceId, merchantId: merchant.merchantId, locationId: merchant.locationId },
    { cursor: till.cursor, events: raw } as Parameters<typeof syncBatch>[2],
    false,
    false,
  );
  if (!round.ok || round.result.accepted.length !== raw.length)
    throw new Error(`round refused: ${JSON.stringify(round).slice(0, 300)}`);
  till.cursor = round.result.cursor;
}
