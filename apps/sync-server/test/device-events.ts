import { createClock, type HlcClock, nodeIdForDevice, tick } from "@stamp/core";
import { v7 as uuidv7 } from "uuid";

export type RawEvent = Record<string, unknown> & { id: string; hlc: string };

/**
 * Events as a device makes them: UUIDv7 ids and the device's own HLC clock. Raw objects, so tests
 * can also send what the server must refuse.
 */
export class DeviceEvents {
  #clock: HlcClock;

  constructor(
    readonly deviceId: string,
    readonly merchant: { readonly merchantId: string; readonly programId: string },
  ) {
    this.#clock = createClock(nodeIdForDevice(deviceId));
  }

  event(
    type: string,
    cardId: string,
    fields: Record<string, unknown> = {},
    atMs = Date.now(),
  ): RawEvent {
    const next = tick(this.#clock, atMs);
    this.#clock = next.clock;
    return {
      id: uuidv7({ msecs: atMs }),
      v: 1,
      type,
      hlc: next.hlc,
      deviceId: this.deviceId,
      merchantId: this.merchant.merchantId,
      programId: this.merchant.programId,
      cardId,
      ...fields,
    };
  }
}
