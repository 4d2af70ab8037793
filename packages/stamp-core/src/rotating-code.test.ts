import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8 } from "./base64url";
import {
  hexKey,
  isFreshRotatingValue,
  isFreshTotp,
  ROTATING_CODE,
  rotatingCardKey,
  rotatingTotp,
  rotatingValuePattern,
  splitRotatingCode,
  TOTP_VALUE_FIELD,
} from "./rotating-code";
import { cardIdFor } from "./testing/fixtures";

const SECRET = utf8("a merchant secret of 32 bytes!!!");
const CARD = cardIdFor(7);
const PERIOD_MS = ROTATING_CODE.periodSeconds * 1000;
const CODE = "S1.k1.AAAA.BBBB";

describe("rotating barcode", () => {
  it("K9: RFC 6238's SHA-1 test vectors, 8 digits", () => {
    const rfcKey = utf8("12345678901234567890");
    expect(rotatingTotp(rfcKey, 59_000)).toBe("94287082");
    expect(rotatingTotp(rfcKey, 1_111_111_109_000)).toBe("07081804");
    expect(rotatingTotp(rfcKey, 2_000_000_000_000)).toBe("69279037");
  });

  it("K9: the value pattern is the scan code, .T and Google's placeholder; a scan splits back", () => {
    expect(rotatingValuePattern(CODE)).toBe(`${CODE}.T{totp_value_0}`);
    expect(splitRotatingCode(` ${CODE}.T01234567\n`)).toEqual({ code: CODE, totp: "01234567" });
    // Upper-cased by a scanner, a compact code's suffix still reads.
    expect(splitRotatingCode("C1ABCDEF.t01234567")).toEqual({ code: "C1ABCDEF", totp: "01234567" });
    for (const other of [
      CODE,
      `${CODE}.T1234567`,
      `${CODE}.T123456789`,
      ".T01234567",
      `${CODE}T01234567`,
    ])
      expect(splitRotatingCode(other)).toBeNull();
  });

  it("K10: a card's key is derived from its merchant's secret and its id, 20 bytes, Base16 for Google", () => {
    const key = rotatingCardKey(SECRET, CARD);
    expect(key).toHaveLength(20);
    expect(rotatingCardKey(SECRET, CARD.toUpperCase())).toEqual(key);
    expect(rotatingCardKey(SECRET, cardIdFor(8))).not.toEqual(key);
    expect(rotatingCardKey(utf8("another merchant's secret bytes!"), CARD)).not.toEqual(key);
    expect(hexKey(key)).toMatch(/^[0-9a-f]{40}$/);
    expect(() => rotatingCardKey(new Uint8Array(8), CARD)).toThrow(/too short/);
  });

  it("K11: a value is fresh one period either side of the reader's clock, not two (window edges)", () => {
    const key = rotatingCardKey(SECRET, CARD);
    const shown = 1_796_000_010 * 1000 - ((1_796_000_010 * 1000) % PERIOD_MS); // start of a period
    const value = rotatingTotp(key, shown);
    expect(rotatingTotp(key, shown + PERIOD_MS - 1)).toBe(value);
    expect(isFreshTotp(key, value, shown)).toBe(true);
    // The till's clock ahead of the phone's, or the screenshot a little old.
    expect(isFreshTotp(key, value, shown + 2 * PERIOD_MS - 1)).toBe(true);
    expect(isFreshTotp(key, value, shown + 2 * PERIOD_MS)).toBe(false);
    // The till's clock behind the phone's.
    expect(isFreshTotp(key, value, shown - PERIOD_MS)).toBe(true);
    expect(isFreshTotp(key, value, shown - PERIOD_MS - 1)).toBe(false);
    // Another card's key never makes this card's value.
    expect(isFreshTotp(rotatingCardKey(SECRET, cardIdFor(8)), value, shown)).toBe(false);
  });

  it("K11 (property): a value is fresh exactly when the reader's period is within one of the phone's", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: -5 * PERIOD_MS, max: 5 * PERIOD_MS }),
        (secret, shownAt, skew) => {
          const key = rotatingCardKey(secret, CARD);
          const value = rotatingTotp(key, shownAt);
          const periods =
            Math.floor((shownAt + skew) / PERIOD_MS) - Math.floor(shownAt / PERIOD_MS);
          // (Another period's value equals this one by chance 3 times in 10^8: never seen here.)
          expect(isFreshTotp(key, value, shownAt + skew)).toBe(Math.abs(periods) <= 1);
        },
      ),
    );
  });

  it("K9 (property): whatever card code, the scanned text splits back into it and the value", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,40}(\.[A-Za-z0-9_-]{1,40}){0,3}$/),
        fc.integer({ min: 0, max: 99_999_999 }),
        fc.boolean(),
        (code, n, lowerT) => {
          const totp = String(n).padStart(ROTATING_CODE.digits, "0");
          const scanned = rotatingValuePattern(code).replace(TOTP_VALUE_FIELD, totp);
          const text = lowerT ? scanned.replace(/\.T(\d+)$/, ".t$1") : scanned;
          expect(splitRotatingCode(text)).toEqual({ code, totp });
        },
      ),
    );
  });

  it("K10: any accepted secret verifies (a rotation's grace), none other does", () => {
    const old = utf8("the secret before the rotation!!");
    const now = 1_796_000_000_000;
    const value = rotatingTotp(rotatingCardKey(old, CARD), now);
    expect(isFreshRotatingValue([SECRET, old], CARD, value, now)).toBe(true);
    expect(isFreshRotatingValue([SECRET], CARD, value, now)).toBe(false);
    expect(isFreshRotatingValue([], CARD, value, now)).toBe(false);
  });
});
