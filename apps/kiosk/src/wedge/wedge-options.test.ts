import { describe, expect, it } from "vitest";
import { DEFAULT_WEDGE_OPTIONS, resolveWedgeOptions } from "./wedge-options";

describe("resolveWedgeOptions", () => {
  it("fills in the defaults", () => {
    expect(resolveWedgeOptions({ suffix: "Tab" })).toEqual({
      ...DEFAULT_WEDGE_OPTIONS,
      suffix: "Tab",
    });
  });

  it("refuses settings that break the timing rule", () => {
    for (const bad of [
      { minLength: 1 },
      { minLength: 20.5 },
      { maxAvgMsPerChar: Number.NaN },
      { maxGapMs: -1 },
      { endSilenceMs: 0 },
      { dedupeMs: Number.POSITIVE_INFINITY },
    ]) {
      expect(() => resolveWedgeOptions(bad), JSON.stringify(bad)).toThrow(RangeError);
    }
  });
});
