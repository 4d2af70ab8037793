import { describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_DEVICE_AHEAD_MS,
  EARLIEST_EVENT_MS,
  eventTimeProblem,
  placedTime,
} from "./event-time";
import { isoToMs } from "./iso-time";
import { T0 } from "./testing/fixtures";

describe("event times", () => {
  it("H5: 2000-01-01 is the earliest believable time", () => {
    expect(EARLIEST_EVENT_MS).toBe(isoToMs("2000-01-01T00:00:00.000Z"));
    expect(eventTimeProblem(EARLIEST_EVENT_MS, T0)).toBeNull();
    expect(eventTimeProblem(EARLIEST_EVENT_MS - 1, T0)).toEqual({ kind: "before-2000" });
    expect(eventTimeProblem(0, T0)).toEqual({ kind: "before-2000" });
    expect(eventTimeProblem(isoToMs("0000-01-01T00:00:00.000Z") as number, T0)).toEqual({
      kind: "before-2000",
    });
  });

  it("H5: a device may be at most the allowed drift ahead, a day unless configured", () => {
    expect(DEFAULT_MAX_DEVICE_AHEAD_MS).toBe(86_400_000);
    expect(eventTimeProblem(T0 + 86_400_000, T0)).toBeNull();
    expect(eventTimeProblem(T0 + 86_400_001, T0)).toEqual({ kind: "ahead", aheadMs: 86_400_001 });
    expect(eventTimeProblem(T0 + 61_000, T0, 60_000)).toEqual({ kind: "ahead", aheadMs: 61_000 });
    const farFuture = isoToMs("9999-12-31T23:59:59.999Z") as number;
    expect(eventTimeProblem(farFuture, T0)).toMatchObject({ kind: "ahead" });
  });

  it("H5: being behind is an offline spell, not a wrong clock", () => {
    expect(eventTimeProblem(T0 - 30 * 86_400_000, T0)).toBeNull();
  });

  it("R8: the server places an event where the device's clock says, corrected, within what is possible", () => {
    const HOUR = 3_600_000;
    const bounds = { skewMs: 0, earliestMs: T0 - 5 * HOUR, receivedMs: T0 };
    expect(placedTime(T0 - HOUR, bounds)).toBe(T0 - HOUR);
    // Ahead of the server, or before the device could have made it: the nearest possible time.
    expect(placedTime(T0 + 23 * HOUR, bounds)).toBe(T0);
    expect(placedTime(T0 - 7 * 24 * HOUR, bounds)).toBe(T0 - 5 * HOUR);
    // A clock a week slow that says so is read as if it were right.
    const slow = { ...bounds, skewMs: -7 * 24 * HOUR };
    expect(placedTime(T0 - 7 * 24 * HOUR - HOUR, slow)).toBe(T0 - HOUR);
  });
});
