import { type HlcClock, tick } from "@stamp/core";
import { v7 as uuidv7 } from "uuid";

/** A simulated till's own clock, kept as the kiosk keeps it. */
export interface StampingTill {
  readonly deviceId: string;
  clock: HlcClock;
}

/** The program a stamp is for. */
export interface StampedProgram {
  readonly merchantId: string;
  readonly programId: string;
}

/** A stamp the till makes now, as the kiosk does (UUIDv7 id, the till's HLC). */
export function tillStamp(till: StampingTill, program: StampedProgram, cardId: string) {
  const at = Date.now();
  const next = tick(till.clock, at);
  till.clock = next.clock;
  return {
    id: uuidv7({ msecs: at }),
    v: 1,
    type: "stamps.added",
    hlc: next.hlc,
    deviceId: till.deviceId,
    merchantId: program.merchantId,
    programId: program.programId,
    cardId,
    count: 1,
    channel: "staff",
  };
}
