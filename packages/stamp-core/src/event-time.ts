/** 2000-01-01T00:00:00.000Z. No till made an event before it: such a time is a clock reset to its epoch (SPEC H5). */
export const EARLIEST_EVENT_MS = 946_684_800_000;

/** How far ahead of the server's clock a device's event may be dated unless configured (SPEC H5). */
export const DEFAULT_MAX_DEVICE_AHEAD_MS = 86_400_000;

/** Why an event's time cannot be the time it happened (SPEC H5). */
export type EventTimeProblem =
  | { readonly kind: "before-2000" }
  | { readonly kind: "ahead"; readonly aheadMs: number };

/**
 * Whether a device's event time is believable at the server's `nowMs` (SPEC H5): not before 2000,
 * and at most `maxAheadMs` ahead. Smaller drifts are the clock skew staff are told about (H3).
 */
export function eventTimeProblem(
  eventMs: number,
  nowMs: number,
  maxAheadMs = DEFAULT_MAX_DEVICE_AHEAD_MS,
): EventTimeProblem | null {
  if (eventMs < EARLIEST_EVENT_MS) return { kind: "before-2000" };
  if (eventMs > nowMs + maxAheadMs) return { kind: "ahead", aheadMs: eventMs - nowMs };
  return null;
}

/** What bounds where the server places a device's event in its own time (SPEC R8). */
export interface PlacementBounds {
  /** The device's clock minus the server's, as it reported with the event (0 when unknown). */
  readonly skewMs: number;
  /** When the device was paired or last synced with nothing left to send. */
  readonly earliestMs: number;
  /** When the server received the event. */
  readonly receivedMs: number;
}

/**
 * Where the server places a device's event in its own time (SPEC R8): when the device's clock says,
 * corrected by its reported skew, but never after the server received it and never before the
 * device could have made it.
 */
export function placedTime(eventMs: number, bounds: PlacementBounds): number {
  return Math.min(bounds.receivedMs, Math.max(bounds.earliestMs, eventMs - bounds.skewMs));
}
