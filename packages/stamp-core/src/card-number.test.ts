import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CARD_NUMBER_DIGITS,
  cardNumberFor,
  formatCardNumber,
  looksLikeCardNumber,
  parseCardNumber,
} from "./card-number";
import { cardIdFor } from "./testing/fixtures";

const uuid = fc.uuid({ version: 4 });

describe("card numbers", () => {
  it("N1: 9 digits, the first not 0, the last a check digit that holds", () => {
    fc.assert(
      fc.property(uuid, fc.nat(5), (cardId, attempt) => {
        const number = cardNumberFor(cardId, attempt);
        expect(number).toMatch(/^[1-9][0-9]{8}$/);
        expect(number).toHaveLength(CARD_NUMBER_DIGITS);
        expect(parseCardNumber(number)).toEqual({ ok: true, number });
      }),
    );
  });

  it("N2: the number follows from the card id; another attempt gives another number", () => {
    const id = cardIdFor(1);
    expect(cardNumberFor(id)).toBe(cardNumberFor(id, 0));
    expect(cardNumberFor(id, 1)).not.toBe(cardNumberFor(id));
  });

  it("N4: every single wrong digit and every swap of neighbours fails the check digit", () => {
    fc.assert(
      fc.property(
        uuid,
        fc.nat(CARD_NUMBER_DIGITS - 1),
        fc.integer({ min: 1, max: 9 }),
        (id, at, by) => {
          const number = cardNumberFor(id);
          const digit = (Number(number[at]) + by) % 10;
          const typo = `${number.slice(0, at)}${digit}${number.slice(at + 1)}`;
          expect(parseCardNumber(typo)).toEqual({ ok: false, reason: "check-digit" });
          if (at < CARD_NUMBER_DIGITS - 1 && number[at] !== number[at + 1]) {
            const swapped = `${number.slice(0, at)}${number[at + 1]}${number[at]}${number.slice(at + 2)}`;
            expect(parseCardNumber(swapped)).toEqual({ ok: false, reason: "check-digit" });
          }
        },
      ),
    );
  });

  it("N4: typed with spaces or dashes, as printed; too short or not digits says so", () => {
    const number = cardNumberFor(cardIdFor(2));
    expect(formatCardNumber(number)).toMatch(/^\d{3} \d{3} \d{3}$/);
    expect(parseCardNumber(` ${formatCardNumber(number)} `)).toEqual({ ok: true, number });
    expect(parseCardNumber(number.replace(/(\d{3})(?=\d)/g, "$1-"))).toEqual({ ok: true, number });
    expect(parseCardNumber("1234")).toEqual({ ok: false, reason: "wrong-length" });
    expect(parseCardNumber("12a456789")).toEqual({ ok: false, reason: "not-a-number" });
    expect(looksLikeCardNumber("482 103 756")).toBe(true);
    expect(looksLikeCardNumber("C1ABCD")).toBe(false);
    expect(looksLikeCardNumber(cardIdFor(3))).toBe(false);
  });
});
