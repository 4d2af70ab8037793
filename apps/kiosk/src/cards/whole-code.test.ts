import { rotatingValuePattern } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { CARD, MERCHANT, makeKeys, PROGRAM } from "../testing/fixtures";
import { isWholeCode } from "./whole-code";

const keys = await makeKeys("k1");
const claims = { cardId: CARD, programId: PROGRAM, merchantId: MERCHANT };
const original = await keys.sign(claims);
const compact = await keys.signScan(claims);
const rotating = rotatingValuePattern(compact).replace("{totp_value_0}", "12345678");

/** Every proper prefix of a code, as a scanner has typed it so far. */
const prefixes = (code: string) => Array.from({ length: code.length }, (_, n) => code.slice(0, n));

describe("isWholeCode", () => {
  it("takes a whole original, compact or rotating card code, the compact one in any case", () => {
    for (const code of [original, compact, compact.toLowerCase(), rotating])
      expect(isWholeCode(code), code).toBe(true);
  });

  it("takes a voucher's own code (same shape as a compact card code, V1 for C1)", () => {
    expect(isWholeCode(`V1${compact.slice(2)}`)).toBe(true);
  });

  it("takes none of what a scanner has typed before a code's last character", () => {
    for (const code of [original, compact]) {
      expect(prefixes(code).filter(isWholeCode)).toEqual([]);
    }
    // The compact code inside a rotating one is whole, then the TOTP value follows.
    expect(prefixes(rotating).filter(isWholeCode)).toEqual([compact]);
  });

  it("refuses a code with a character too many, or text that is no code", () => {
    for (const text of [`${original}A`, `${compact}A`, `${rotating}1`, "4006381333931", ""])
      expect(isWholeCode(text), text).toBe(false);
  });
});
