import {
  createClock,
  EVENT_VERSION,
  type EventOf,
  type HlcClock,
  nodeIdForDevice,
  parseEvent,
  type StampEvent,
  tick,
} from "@stamp/core";
import { v7 as uuidv7 } from "uuid";
import type { StampDb } from "./db";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The event types a device creates itself. */
export type DeviceEvent = EventOf<
  "stamps.added" | "stamps.revoked" | "voucher.redeemed" | "reward.handed_over"
>;

/** What a screen decides; the writer adds identity, time and authorship. */
export type EventDraft = DistributiveOmit<
  DeviceEvent,
  "id" | "v" | "hlc" | "deviceId" | "merchantId"
>;

export interface Author {
  readonly deviceId: string;
  readonly merchantId: string;
}

export async function loadClock(db: StampDb, deviceId: string): Promise<HlcClock> {
  const row = await db.meta.get("clock");
  const node = nodeIdForDevice(deviceId);
  if (row?.key !== "clock") return createClock(node);
  // A re-paired device gets a new node id but must not run its clock backwards.
  return row.value.node === node ? row.value : createClock(node, row.value.millis);
}

/**
 * Makes events durable: outbox, local log and the advanced HLC in ONE transaction, so a crash
 * leaves either all of it or none. Callers show success only after this resolves. The clock is
 * read inside the transaction, so two tabs never reuse a timestamp.
 */
export async function writeEvents(
  db: StampDb,
  author: Author,
  drafts: readonly EventDraft[],
  nowMs: number,
): Promise<StampEvent[]> {
  return db.transaction("rw", [db.outbox, db.log, db.meta], async () => {
    let clock = await loadClock(db, author.deviceId);
    const events = drafts.map((draft): StampEvent => {
      const stamped = tick(clock, nowMs);
      clock = stamped.clock;
      const candidate = {
        ...draft,
        id: uuidv7(),
        v: EVENT_VERSION,
        hlc: stamped.hlc,
        deviceId: author.deviceId,
        merchantId: author.merchantId,
      };
      // The server would refuse a malformed event for good; refuse it here, before "done".
      const parsed = parseEvent(candidate);
      if (!parsed.ok) {
        const issue = parsed.issues[0];
        throw new Error(`invalid ${draft.type} event: ${issue?.path} ${issue?.message}`);
      }
      return parsed.value;
    });
    await db.outbox.bulkAdd(events);
    await db.log.bulkAdd(events);
    await db.meta.put({ key: "clock", value: clock });
    return events;
  });
}
