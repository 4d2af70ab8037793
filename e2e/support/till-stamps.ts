import { createClock, type HlcClock, nodeIdForDevice, tick } from "@stamp/core";
import type { SyncRequest } from "@stamp/wire-protocol";
import { v7 as uuidv7 } from "uuid";

/** A stamp as a till sends it in a sync request. */
export type TillStamp = Extract<SyncRequest["events"][number], { type: "stamps.added" }>;

/**
 * The stamps a till makes, the way the kiosk makes them: a UUIDv7 id and the till's own HLC clock
 * (each stamp later than the one before), one staff stamp at a time.
 */
export function tillStamps(
  deviceId: string,
  merchant: { readonly merchantId: string; readonly programId: string },
): (cardId: string) => TillStamp {
  let clock: HlcClock = createClock(nodeIdForDevice(deviceId));
  return (cardId) => {
    const next = tick(clock, Date.now());
    clock = next.clock;
    return {
      id: uuidv7(),
      v: 1,
      type: "stamps.added",
      hlc: next.hlc,
      deviceId,
      merchantId: merchant.merchantId,
      programId: merchant.programId,
      cardId,
      count: 1,
      channel: "staff",
    };
  };
}
