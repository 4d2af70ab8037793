import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cardLinkedToStaff, phoneDigits, phoneTail, sameEmail, samePhone } from "./staff-card-link";

const anna = { name: "Anna Weber", email: "anna@shop.test", phone: "+49 30 1234567" };

/** The digits written as people write them: spaces, dashes or dots between groups, brackets. */
const written = (digits: string, cuts: readonly number[], style: number): string => {
  const separator = [" ", "-", ".", " "][style % 4] as string;
  let text = "";
  for (const [i, digit] of [...digits].entries())
    text += (cuts.includes(i) && i > 0 ? separator : "") + digit;
  return style % 5 === 4 && digits.length > 4
    ? `(${text.slice(0, 3)}) ${text.slice(3).trim()}`
    : text;
};

const nationalArb = fc
  .tuple(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^[0-9]{6,10}$/))
  .map(([first, rest]) => `${first}${rest}`);
const countryArb = fc.integer({ min: 1, max: 998 }).map(String);
const cutsArb = fc.array(fc.nat(14), { maxLength: 4 });

describe("a card linked to a staff member (SPEC F1)", () => {
  it("F1: links by the same e-mail, phone or full name, not a first name", () => {
    expect(cardLinkedToStaff({ email: " ANNA@shop.test" }, anna)).toBe(true);
    expect(cardLinkedToStaff({ phone: "030 123 45 67" }, anna)).toBe(true);
    expect(cardLinkedToStaff({ phone: "0049 (30) 1234-567" }, anna)).toBe(true);
    expect(cardLinkedToStaff({ phone: "+49 30 1234568" }, anna)).toBe(false);
    expect(cardLinkedToStaff({ phone: "+1 30 1234567" }, anna)).toBe(false);
    expect(cardLinkedToStaff({ name: "anna  weber" }, anna)).toBe(true);
    expect(cardLinkedToStaff({ name: "Anna" }, { ...anna, name: "Anna" })).toBe(false);
    expect(cardLinkedToStaff(null, anna)).toBe(false);
    expect(cardLinkedToStaff({ name: "Berta Weber" }, anna)).toBe(false);
    // Too short to tell anyone apart: no link.
    expect(phoneDigits("112")).toBeNull();
    expect(cardLinkedToStaff({ phone: "12345" }, { ...anna, phone: "12345" })).toBe(false);
  });

  it("F1: a phone is the same however it is written, and the same national or international", () => {
    fc.assert(
      fc.property(
        countryArb,
        nationalArb,
        cutsArb,
        cutsArb,
        fc.nat(),
        fc.nat(),
        (country, national, cutsA, cutsB, styleA, styleB) => {
          const plus = `+${written(`${country}${national}`, cutsA, styleA)}`;
          const zeros = `00${written(`${country}${national}`, cutsB, styleB)}`;
          const local = `0${written(national, cutsB, styleA)}`;
          expect(samePhone(plus, zeros)).toBe(true);
          // Every one of them ends in the tail a store looks candidates up by.
          const tail = phoneTail(local) as string;
          for (const one of [plus, zeros, local])
            expect(one.replace(/\D/g, "").endsWith(tail)).toBe(true);
          expect(samePhone(local, plus)).toBe(true);
          expect(samePhone(written(national, cutsA, styleB), local)).toBe(true);
          // Another last digit is another phone.
          const other = `${national.slice(0, -1)}${(Number(national.at(-1)) + 1) % 10}`;
          expect(samePhone(plus, `+${country}${other}`)).toBe(false);
          expect(samePhone(local, `0${other}`)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("F1: the same phone and e-mail either way round; an e-mail in any case, spaces around it", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        fc.emailAddress(),
        fc.array(fc.boolean(), { maxLength: 60 }),
        (a, b, email, upper) => {
          expect(samePhone(a, b)).toBe(samePhone(b, a));
          expect(sameEmail(a, b)).toBe(sameEmail(b, a));
          const shouted = [...email].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join("");
          expect(sameEmail(` ${shouted}\t`, email)).toBe(true);
          expect(cardLinkedToStaff({ email: shouted }, { ...anna, email: ` ${email} ` })).toBe(
            true,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
