import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase32, encodeBase32 } from "./base32";

const bytes = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));

describe("base32", () => {
  it("matches RFC 4648's test vectors, without padding", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "MY"],
      ["fo", "MZXQ"],
      ["foo", "MZXW6"],
      ["foob", "MZXW6YQ"],
      ["fooba", "MZXW6YTB"],
      ["foobar", "MZXW6YTBOI"],
    ];
    for (const [plain, encoded] of vectors) {
      expect(encodeBase32(bytes(plain))).toBe(encoded);
      expect(decodeBase32(encoded)).toEqual(bytes(plain));
    }
  });

  it("round-trips any bytes, and reads lower case too", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (data) => {
        const text = encodeBase32(data);
        expect(text).toMatch(/^[A-Z2-7]*$/);
        expect(decodeBase32(text)).toEqual(data);
        expect(decodeBase32(text.toLowerCase())).toEqual(data);
      }),
    );
  });

  it("refuses stray characters and non-canonical endings", () => {
    expect(decodeBase32("MZXW6!")).toBeNull();
    expect(decodeBase32("MZXW1")).toBeNull();
    expect(decodeBase32("MZ")).toBeNull(); // loose bits set
    expect(decodeBase32("M")).toBeNull(); // 5 bits are no byte
  });
});
