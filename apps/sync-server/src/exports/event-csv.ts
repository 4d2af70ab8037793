import { hlcMillis, msToIso, type StampEvent } from "@stamp/core";
import type { ExportedEvent, ExportStore, TimeRange } from "../storage/export-store";
import { type Cell, csvStream, EXPORT_PAGE } from "./csv-stream";

export const EVENT_COLUMNS = [
  "position",
  "eventId",
  "type",
  "placedAt",
  "deviceTime",
  "receivedAt",
  "cardId",
  "programId",
  "locationId",
  "deviceId",
  "staffId",
  "staffName",
  "channel",
  "count",
  "amountMinorUnits",
  "currency",
  "orderRef",
  "voucherId",
  "targetId",
  "reason",
  "source",
  "method",
  "inactiveDays",
] as const;

type EventCells = Partial<Record<(typeof EVENT_COLUMNS)[number], Cell>>;

/** The columns only some event types fill: one exhaustive place says which. */
function typeCells(event: StampEvent): EventCells {
  switch (event.type) {
    case "stamps.added":
      return {
        channel: event.channel,
        count: event.count,
        amountMinorUnits: event.amount,
        currency: event.currency,
        orderRef: event.orderRef,
      };
    case "stamps.revoked":
      return { targetId: event.targetId, reason: event.reason };
    case "card.enrolled":
      return { source: event.source };
    case "voucher.redeemed":
      return { voucherId: event.voucherId, method: event.method };
    case "reward.handed_over":
    case "voucher.revealed":
    case "voucher.reminded":
    case "voucher.expired":
      return { voucherId: event.voucherId };
    case "voucher.granted":
      return { voucherId: event.voucherId, reason: event.reason };
    case "stamps.expired":
      return { inactiveDays: event.inactiveDays };
    case "card.blocked":
    case "card.unblocked":
      return { reason: event.reason };
  }
}

export function eventRow(row: ExportedEvent): Cell[] {
  const { event } = row;
  const cells: EventCells = {
    position: row.seq,
    eventId: event.id,
    type: event.type,
    placedAt: msToIso(row.placedAt),
    deviceTime: msToIso(hlcMillis(event.hlc)),
    receivedAt: msToIso(row.receivedAt),
    cardId: event.cardId,
    programId: event.programId,
    locationId: row.locationId,
    deviceId: event.deviceId,
    staffId: event.staffId,
    staffName: row.staffName,
    ...typeCells(event),
  };
  return EVENT_COLUMNS.map((column) => cells[column]);
}

/** The merchant's events placed in `range`, as CSV streamed in log order. */
export function eventsCsv(
  store: ExportStore,
  merchantId: string,
  range: TimeRange,
): ReadableStream<Uint8Array> {
  return csvStream(EVENT_COLUMNS, 0, async (after) => {
    const rows = await store.exportEvents(merchantId, range, after, EXPORT_PAGE);
    return {
      rows: rows.map(eventRow),
      next: rows.length === EXPORT_PAGE ? (rows.at(-1)?.seq ?? null) : null,
    };
  });
}
