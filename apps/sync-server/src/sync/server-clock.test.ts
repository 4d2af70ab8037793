import { describe, expect, it } from "vitest";
import { ServerClock } from "./server-clock";

const SERVER_DEVICE = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const NOW = Date.parse("2026-12-05T10:00:00.000Z");

describe("ServerClock", () => {
  it("starts from the log's newest time, so a clock set back never stamps into the past", () => {
    const clock = new ServerClock("2026-12-05T10:00:30.000Z-0003-00000000000000aa", NOW);
    expect(clock.stamp(SERVER_DEVICE, NOW).slice(0, 29)).toBe("2026-12-05T10:00:30.000Z-0004");
  });

  it("never starts further ahead than a minute, whatever a device once dated an event", () => {
    for (const latest of [
      "2099-01-01T00:00:00.000Z-0000-00000000000000aa",
      "9999-12-31T23:59:59.999Z-ffff-00000000000000aa",
    ]) {
      const stamped = new ServerClock(latest, NOW).stamp(SERVER_DEVICE, NOW);
      expect(Date.parse(stamped.slice(0, 24))).toBeLessThanOrEqual(NOW + 60_000);
    }
  });
});
