import { hlcMillis, isoToMs, parseEvent, parseHlc, placedTime, type StampEvent } from "@stamp/core";
import {
  cursorPosition,
  cursorText,
  type RejectedEvent,
  type SyncAnswerBody,
  type SyncRequestBody,
} from "@stamp/wire-protocol";
import { claimedDevice } from "../http/authenticate";
import type { DeviceClaims } from "../secrets/device-tokens";
import type { Services } from "../services";
import type { AppendBatch, DeviceRecord } from "../storage/store";
import { admitDeviceEvent } from "./admission";
import { type Rejection, rejection } from "./rejection";
import { type PullPoint, placePage } from "./round-page";
import { staffCheck } from "./staff-check";
import { syncNeedsRecord } from "./sync-record";

/** One round's answer, built here and serialised once by the wire protocol's `syncAnswerParts`. */
export type SyncResult = SyncAnswerBody;

export type Sync =
  | {
      readonly ok: true;
      readonly result: SyncResult;
      readonly pulled: PullPoint;
      /** The device as the round read it. */
      readonly device: DeviceRecord;
    }
  /** The device must pull from the start: its cursor is past the end, or of an older kind. */
  | { readonly ok: false; readonly reason: "cursor-ahead"; readonly message: string };

function issuesText(issues: readonly { path: string; message: string }[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
}

/** What can be judged without the database: the event's shape and the token's scope. */
function screen(raw: unknown, device: DeviceRecord): StampEvent | Rejection {
  const parsed = parseEvent(raw);
  if (!parsed.ok) return rejection("invalid-event", issuesText(parsed.issues));
  const event = parsed.value;
  if (event.deviceId !== device.id)
    return rejection("wrong-device", "deviceId is not the device this token belongs to");
  if (event.merchantId !== device.merchantId)
    return rejection("wrong-merchant", "merchantId is not this device's merchant");
  return event;
}

function sentId(raw: unknown): string | null {
  if (typeof raw !== "object" || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === "string" ? id.slice(0, 100) : null;
}

/**
 * One sync round of the device a token names (`claims`): its device is read with the log's head
 * and its place and refused as the token's check refuses it (`claimedDevice`); every pushed event
 * is judged on its own (a bad one never blocks the good ones), then the device pulls the events
 * of its scope after its cursor, one page at a time.
 *
 * Its page is read and composed in a slot of the pull gate (`pull-gate.ts`), so an instance builds
 * at most PULL_SLOTS answers at once; everything before it (its place, its commit if it pushes)
 * waits for no slot and holds none. A till at work never waits behind others to get its stamps in,
 * but its answer (up to a page of 1,000 events) waits its turn like any other: a thousand tills at
 * work built a thousand answers at once (issue 13: peak RSS 277–283 MB in the all-busy steps).
 * A round that only pulls held its slot from the start, across its place read: on PostgreSQL a
 * round trip queued behind the other reads, so ~600 idle tills a second asking again after their
 * held answers kept the 16 slots busy waiting on the database, and the busy tills' pages waited
 * for a slot (issue 13: 194 ms of a busy round's mean 300, 670 ms of its slowest tenth's 1,060).
 */
export async function syncBatch(
  services: Services,
  claims: DeviceClaims,
  request: SyncRequestBody,
  scoped: boolean,
  compact: boolean,
): Promise<Sync> {
  const { store } = services;
  const { merchantId } = claims;
  // The device, the log's head, the till's location and its region: one read (one statement on
  // PostgreSQL: an idle round's only one when the scope's tail is at the head).
  const place = await store.syncPlace(
    claims.deviceId,
    merchantId,
    scoped ? claims.locationId : null,
  );
  const device = claimedDevice(claims, place.device);
  const epoch = services.logEpoch;
  const cursor = cursorPosition(request.cursor, epoch);
  if (cursor === "start-over")
    return {
      ok: false,
      reason: "cursor-ahead",
      message: `cursor ${request.cursor} is from before per-merchant positions; sync again with cursor null`,
    };
  // A cursor of another epoch is from before this server was restored from a backup: positions
  // after the backup now name other events, so it cannot be trusted even where it is not past the end.
  if (cursor.epoch !== epoch)
    return {
      ok: false,
      reason: "cursor-ahead",
      message: `cursor ${request.cursor} is from before this server was restored from a backup; sync again with cursor null`,
    };
  const maxSeq = place.head;
  // A cursor past the end means this server forgot events (a restored backup): the device must
  // start over from 0 rather than wait for positions that now mean other events.
  if (cursor.position > maxSeq)
    return {
      ok: false,
      reason: "cursor-ahead",
      message: `cursor ${request.cursor} is past this server's last event (${cursorText(maxSeq, epoch, "merchant")}); sync again with cursor null`,
    };

  const now = services.now();
  const rejected: RejectedEvent[] = [];
  const valid: StampEvent[] = [];
  const positions: number[] = [];
  let newest: string | null = null;
  const parsed = request.events.map((raw) => screen(raw, device));
  const unknownStaff = await staffCheck(
    store,
    device,
    parsed.filter((p): p is StampEvent => !("code" in p)),
  );
  for (const [index, raw] of request.events.entries()) {
    const parsedEvent = parsed[index] as StampEvent | Rejection;
    const screened =
      "code" in parsedEvent ? parsedEvent : (unknownStaff(parsedEvent) ?? parsedEvent);
    if ("code" in screened) {
      rejected.push({ ...screened, id: sentId(raw), index });
      continue;
    }
    valid.push(screened);
    positions.push(index);
    if (newest === null || screened.hlc > newest) newest = screened.hlc;
  }

  let skewMs: number | null = null;
  const newestHlc = newest === null ? null : parseHlc(newest);
  if (newestHlc !== null) {
    const eventSkew = services.clock.observe(newestHlc, now);
    // An event stamped in the future proves a fast clock; an old one only proves an offline spell.
    if (eventSkew > 0) skewMs = eventSkew;
  }
  if (request.deviceTime !== undefined) skewMs = (isoToMs(request.deviceTime) as number) - now;

  const accepted: string[] = [];
  const duplicates: string[] = [];
  // Where the server places each event in its own time (stamp-core SPEC R8): nothing this device
  // sends now was made before it was paired or before it last had nothing left to send.
  const bounds = {
    skewMs: skewMs ?? 0,
    earliestMs: Math.max(device.createdAt, device.drainedAt ?? 0),
    receivedMs: now,
  };
  const sync = { deviceId: device.id, now, skewMs, drained: request.events.length === 0 };
  const batch: AppendBatch | null =
    valid.length > 0
      ? {
          merchantId,
          events: valid,
          admit: admitDeviceEvent(services.devicePolicy),
          now,
          placedAt: (event) => placedTime(hlcMillis(event.hlc), bounds),
        }
      : null;
  // An idle till's round writes nothing while its record still holds (`sync-record.ts`).
  const recorded = batch || syncNeedsRecord(device, sync) ? store.recordSync(sync, batch) : null;
  // A round that pushes reads its page once its events are committed: a compact body in it holds
  // them, and the till's own events never come back to it. A round that pushes nothing writes
  // only its record, which its page does not read: the two go together (on PostgreSQL one round
  // trip fewer one after another: each waits its turn of a busy event loop), the answer after both.
  const outcomes = (batch ? await recorded : null) ?? [];
  outcomes.forEach((outcome, i) => {
    switch (outcome.status) {
      case "accepted":
        accepted.push(outcome.id);
        break;
      case "duplicate":
        duplicates.push(outcome.id);
        break;
      case "rejected":
        rejected.push({ ...outcome.rejection, id: outcome.id, index: positions[i] as number });
        break;
      default: {
        const unreachable: never = outcome;
        throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
      }
    }
  });
  rejected.sort((a, b) => a.index - b.index);

  const [{ pulled, ...page }] = await Promise.all([
    placePage(services, device, place, cursor, { compact, pushed: batch !== null, now }),
    batch ? null : recorded,
  ]);
  return {
    ok: true,
    result: { accepted, duplicates, rejected, ...page, serverTime: new Date(now).toISOString() },
    pulled,
    device,
  };
}
