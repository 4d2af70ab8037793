import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64url, encodeBase64url, utf8 } from "./base64url";

describe("base64url", () => {
  it("K1: round-trips any bytes and matches Node's encoder", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = encodeBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString("base64url"));
        expect(decodeBase64url(text)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("K4: refuses foreign characters, impossible lengths and non-canonical tails", () => {
    expect(decodeBase64url("ab+c")).toBeNull();
    expect(decodeBase64url("abcde")).toBeNull();
    expect(decodeBase64url("AB")).toBeNull(); // "AB" leaves non-zero loose bits; canonical is "AA"
    expect(decodeBase64url("AA")).toEqual(new Uint8Array([0]));
  });

  it("utf8 matches TextEncoder", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        expect(utf8(s)).toEqual(new TextEncoder().encode(s));
      }),
    );
  });
});
