import { describe, expect, it } from "vitest";
import { CALIBRATION_OPTIONS, calibrate } from "./calibrate";
import { bluetoothGap, CARD_CODE, fastTypistGap, keystrokes, usbGap } from "./fixtures";
import { WedgeDetector } from "./wedge-detector";
import { DEFAULT_WEDGE_OPTIONS } from "./wedge-options";

/** Keydown times of a scan's characters, as its "scan" event's keyTimes carries them. */
function keyTimes(gap: (index: number) => number): number[] {
  return keystrokes(CARD_CODE, { gap })
    .filter((record) => record.key !== "Shift")
    .map((record) => record.timeStamp);
}

describe("calibrate", () => {
  it("measures a USB scanner and keeps the suggestion above host jitter", () => {
    const result = calibrate(keyTimes(usbGap));
    expect(result.chars).toBe(CARD_CODE.length);
    expect(result.meanMsPerChar).toBeCloseTo((8 * 139 + 16 * 17) / 156);
    expect(result.p95GapMs).toBe(16);
    expect(result.maxGapMs).toBe(16);
    expect(result.suggested).toEqual({ maxAvgMsPerChar: 30, maxGapMs: 150, endSilenceMs: 200 });
  });

  it("measures a Bluetooth scanner and suggests 1.5× its speed, room for a longer pause", () => {
    const result = calibrate(keyTimes((i) => (i === 40 ? 180 : bluetoothGap(i))));
    expect(result.meanMsPerChar).toBeGreaterThan(49);
    expect(result.meanMsPerChar).toBeLessThan(52);
    expect(result.p95GapMs).toBe(135);
    expect(result.maxGapMs).toBe(180);
    expect(result.suggested).toEqual({
      maxAvgMsPerChar: Math.ceil(1.5 * result.meanMsPerChar),
      maxGapMs: 270,
      endSilenceMs: 320,
    });
  });

  it("never suggests a threshold a fast typist could meet", () => {
    const result = calibrate(keyTimes(fastTypistGap));
    expect(result.suggested.maxAvgMsPerChar).toBe(90);
  });

  it("needs two characters", () => {
    expect(() => calibrate([])).toThrow(RangeError);
    expect(() => calibrate([12.5])).toThrow(RangeError);
  });

  it("measures with loose options a scanner the defaults refuse, then reads it with the suggestion", () => {
    const slowGap = (i: number) => (i % 10 === 0 ? 160 : 62); // ~72 ms/char, pauses of 160 ms
    const records = keystrokes(CARD_CODE, { gap: slowGap, suffix: "Enter" });
    const run = (detector: WedgeDetector) => records.map((r) => detector.keydown(r)).at(-1)?.events;

    expect(run(new WedgeDetector(DEFAULT_WEDGE_OPTIONS))?.some((e) => e.kind === "scan")).toBe(
      false,
    );
    const measured = run(new WedgeDetector(CALIBRATION_OPTIONS))?.[0];
    if (measured?.kind !== "scan") throw new Error("calibration scan not read");
    const { suggested } = calibrate(measured.keyTimes);
    expect(run(new WedgeDetector(suggested))).toEqual([
      expect.objectContaining({ kind: "scan", code: CARD_CODE }),
    ]);
  });
});
