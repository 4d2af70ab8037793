import { isSkewed, type RejectionCode, redateEvents, type StampEvent } from "@stamp/core";
import { v7 as uuidv7 } from "uuid";
import type { RejectedEvent, StampDb } from "../storage/db";
import { loadClock, storeClock } from "../storage/event-writer";
import type { Durable } from "../storage/storage-guard";

/** Refused because this device's clock was wrong when it made the event (stamp-core SPEC H5). */
const CLOCK_WRONG: RejectionCode = "device-clock-wrong";
/** An undo naming an event the server has not got: one of ours, when that event is held. */
const TARGET_UNKNOWN: RejectionCode = "revoke-target-unknown";

export async function heldEvents(db: StampDb): Promise<readonly StampEvent[]> {
  const row = await db.meta.get("held");
  return row?.key === "held" ? row.value : [];
}

/**
 * Which refusals the till keeps (SPEC H6): those for a wrong clock, and an undo of an event kept
 * that way (the server refuses it for a target it has not got). The rest are refused for good.
 */
export function splitRefusals(
  rejected: readonly RejectedEvent[],
  alreadyHeld: readonly StampEvent[],
): { readonly hold: readonly StampEvent[]; readonly refuse: readonly RejectedEvent[] } {
  const held = new Set(alreadyHeld.map((e) => e.id));
  for (const r of rejected) if (r.code === CLOCK_WRONG) held.add(r.id);
  const keeps = (r: RejectedEvent) =>
    r.code === CLOCK_WRONG ||
    (r.code === TARGET_UNKNOWN && r.event.type === "stamps.revoked" && held.has(r.event.targetId));
  return {
    hold: rejected.filter(keeps).map((r) => r.event),
    refuse: rejected.filter((r) => !keeps(r)),
  };
}

/**
 * Once the server found this device's clock right again (the last sync measured no skew), makes
 * the held events anew as new events in one transaction — copies into the log and the outbox,
 * originals out — so each is sent exactly once (SPEC H6). Returns the originals, for the cards
 * on screen to be read again; none while the clock is still wrong.
 */
export async function redateHeldEvents(
  db: StampDb,
  durable: Durable,
  deviceId: string,
  now: () => number,
): Promise<readonly StampEvent[]> {
  return durable(() =>
    db.transaction("rw", [db.meta, db.log, db.outbox], async () => {
      const held = await heldEvents(db);
      if (held.length === 0) return [];
      const last = await db.meta.get("lastSync");
      const skewMs = last?.key === "lastSync" ? last.value.skewMs : null;
      if (skewMs === null || isSkewed(skewMs)) return [];
      const redated = redateEvents(held, await loadClock(db, deviceId), now(), uuidv7);
      await Promise.all([
        db.log.bulkDelete(held.map((e) => e.id)),
        db.log.bulkAdd([...redated.copies]),
        db.outbox.bulkAdd([...redated.copies]),
        db.meta.put({ key: "held", value: [] }),
        storeClock(db, redated.clock),
      ]);
      return held;
    }),
  );
}
