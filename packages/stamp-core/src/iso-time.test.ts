import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoToMs, msToIso } from "./iso-time";

describe("ISO time without Date", () => {
  it("H1: msToIso matches Date#toISOString for years 0000–9999", () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        expect(msToIso(ms)).toBe(new Date(ms).toISOString());
        expect(isoToMs(msToIso(ms))).toBe(ms);
      }),
      { numRuns: 500 },
    );
  });

  it("H1: isoToMs refuses days that do not exist", () => {
    expect(isoToMs("2025-02-29T00:00:00.000Z")).toBeNull();
    expect(isoToMs("2024-02-29T00:00:00.000Z")).toBe(Date.UTC(2024, 1, 29));
    expect(isoToMs("2100-02-29T00:00:00.000Z")).toBeNull();
    expect(isoToMs("2026-13-01T00:00:00.000Z")).toBeNull();
    expect(isoToMs("2026-04-31T00:00:00.000Z")).toBeNull();
  });
});
