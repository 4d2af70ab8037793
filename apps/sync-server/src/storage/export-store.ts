import type { StampEvent } from "@stamp/core";
import type { CardRecord } from "./store";

/**
 * The merchant's data page by page, in a stable order, for exports that stream: however large
 * the merchant, an export holds one page at a time.
 */
export interface ExportStore {
  /** The merchant's cards ordered by id, after the card id `after` (null: from the first). */
  exportCards(merchantId: string, after: string | null, limit: number): Promise<CardRecord[]>;
  /**
   * The merchant's events placed in `[range.from, range.to)` (server time, ms; an event stored
   * before placements were kept counts at its arrival), in log order after position `after`
   * (0: from the first).
   */
  exportEvents(
    merchantId: string,
    range: TimeRange,
    after: number,
    limit: number,
  ): Promise<ExportedEvent[]>;
}

export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

export interface ExportedEvent {
  /** The event's position in the merchant's log. */
  readonly seq: number;
  readonly event: StampEvent;
  readonly placedAt: number;
  readonly receivedAt: number;
  /** The location of the device that made the event, if it has one. */
  readonly locationId: string | null;
  /** The name of the staff member the event names (stamp-core SPEC V9), if any. */
  readonly staffName: string | null;
}
