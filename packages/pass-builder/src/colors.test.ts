import { describe, expect, it } from "vitest";
import { hexToAppleRgb, normalizeHex } from "./colors";
import { isPassBuilderError } from "./errors";

describe("colours", () => {
  it("turns hex into Apple's rgb() form", () => {
    expect(hexToAppleRgb("#1a2B3c")).toBe("rgb(26, 43, 60)");
    expect(hexToAppleRgb("#fff")).toBe("rgb(255, 255, 255)");
  });

  it("normalizes short hex for Google and SVG", () => {
    expect(normalizeHex("#0aF")).toBe("#00aaff");
  });

  it("rejects anything else as invalid pass data", () => {
    for (const bad of ["red", "#12345", "rgb(1,2,3)", "#ggg"]) {
      let caught: unknown;
      try {
        hexToAppleRgb(bad);
      } catch (error) {
        caught = error;
      }
      expect(isPassBuilderError(caught, "invalid-pass-data")).toBe(true);
    }
  });
});
