import type { CardWrite } from "./card-write";
import type { NewEvent } from "./plan-append";

/** A merchant's log row: where its log ends, its newest pass tag, its newest HLC. */
export interface MerchantLog {
  readonly head: number;
  readonly passTag: number;
  readonly lastHlc: string | null;
}

/**
 * The log row after a write that appends `inserts` (positions head + 1, head + 2, … in order) and
 * saves `writes`: one new pass tag for every pass the write versions (or none when it versions
 * none), and the newest HLC. Adapters write it in the transaction that holds the row.
 */
export function advanceLog(
  log: MerchantLog,
  inserts: readonly NewEvent[],
  passesMoved: boolean,
): MerchantLog {
  let lastHlc = log.lastHlc;
  for (const { event } of inserts) if (lastHlc === null || event.hlc > lastHlc) lastHlc = event.hlc;
  return {
    head: log.head + inserts.length,
    passTag: passesMoved ? log.passTag + 1 : log.passTag,
    lastHlc,
  };
}

/** Whether any of `writes` versions a pass (and so takes a new pass tag). */
export function versionsPasses(writes: readonly CardWrite[]): boolean {
  return writes.some((write) => write.pass !== null);
}
