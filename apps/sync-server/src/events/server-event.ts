import { type EventOf, type EventType, parseEvent, type StampEvent } from "@stamp/core";
import { v7 as uuidv7 } from "uuid";
import type { Services } from "../services";

type Envelope = "id" | "v" | "hlc" | "deviceId" | "merchantId" | "type";
export type ServerEventFields<T extends EventType> = Omit<EventOf<T>, Envelope>;

/**
 * An event made by the server itself (POS/API stamps, receipt claims, enrolment): it carries the
 * merchant's server device and an HLC from the server clock, like any device's event.
 */
export async function serverEvent<T extends EventType>(
  services: Services,
  merchantId: string,
  type: T,
  fields: ServerEventFields<T>,
): Promise<StampEvent> {
  const device = await services.store.getServerDevice(merchantId);
  const now = services.now();
  const parsed = parseEvent({
    ...fields,
    id: uuidv7({ msecs: now }),
    v: 1,
    type,
    hlc: services.clock.stamp(device.id, now),
    deviceId: device.id,
    merchantId,
  });
  // Inputs were validated before; an invalid event here is a server bug, not a client error.
  if (!parsed.ok)
    throw new Error(`server made an invalid ${type} event: ${JSON.stringify(parsed.issues)}`);
  return parsed.value;
}
