import {
  type EventOf,
  type EventType,
  formatHlc,
  nodeIdForDevice,
  parseEvent,
  type StampEvent,
} from "@stamp/core";
import { v7 as uuidv7 } from "uuid";
import type { Services } from "../services";

type Envelope = "id" | "v" | "hlc" | "deviceId" | "merchantId" | "type";
export type ServerEventFields<T extends EventType> = Omit<EventOf<T>, Envelope>;

/** For what a customer's phone sends: its own event id and, when it happened earlier, its time. */
export interface Recorded {
  readonly id: string;
  readonly atMs?: number;
}

/**
 * An event made by the server itself (POS/API stamps, receipt claims, enrolment): it carries the
 * merchant's server device and an HLC from the server clock, like any device's event. An event
 * `recorded` earlier on a customer's phone keeps the phone's id (so a resend is a duplicate) and
 * is dated when it happened, like a late event of an offline till.
 */
export async function serverEvent<T extends EventType>(
  services: Services,
  merchantId: string,
  type: T,
  fields: ServerEventFields<T>,
  recorded?: Recorded,
): Promise<StampEvent> {
  const device = await services.store.getServerDevice(merchantId);
  const now = services.now();
  const parsed = parseEvent({
    ...fields,
    id: recorded?.id ?? uuidv7({ msecs: now }),
    v: 1,
    type,
    hlc:
      recorded?.atMs === undefined
        ? services.clock.stamp(device.id, now)
        : formatHlc({ millis: recorded.atMs, counter: 0, node: nodeIdForDevice(device.id) }),
    deviceId: device.id,
    merchantId,
  });
  // Inputs were validated before; an invalid event here is a server bug, not a client error.
  if (!parsed.ok)
    throw new Error(`server made an invalid ${type} event: ${JSON.stringify(parsed.issues)}`);
  return parsed.value;
}
