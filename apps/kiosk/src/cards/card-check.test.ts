import { ROTATING_CODE, rotatingCardKey, rotatingTotp, rotatingValuePattern } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { CARD, MERCHANT, makeKeys, makeProgram, makeVerifier, PROGRAM } from "../testing/fixtures";
import { checkCardCode, needsRefresh } from "./card-check";

const OTHER_MERCHANT = "2b7e2c11-7d0e-4c8e-8a9f-5b6c7d8e9f02";
const keys = await makeKeys("k1");
const program = makeProgram();
const verifier = await makeVerifier(keys, [program]);
const NOW = Date.parse("2026-12-05T17:00:00Z");

describe("checkCardCode", () => {
  it("accepts a genuine code of this merchant and finds its program", async () => {
    const code = await keys.sign({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
    expect(await checkCardCode(code, verifier, NOW)).toEqual({ ok: true, cardId: CARD, program });
  });

  it("accepts the compact code in any letter case (a scanner on Caps Lock), and says whose it is", async () => {
    const code = await keys.signScan({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
    for (const text of [code, code.toLowerCase()])
      expect(await checkCardCode(text, verifier, NOW)).toEqual({ ok: true, cardId: CARD, program });
    const foreign = await keys.signScan({
      cardId: CARD,
      programId: PROGRAM,
      merchantId: OTHER_MERCHANT,
    });
    expect(await checkCardCode(foreign, verifier, NOW)).toEqual({
      ok: false,
      refusal: { kind: "foreign" },
    });
  });

  it("names a Caps-Locked original code (K1 is case-sensitive) so staff know to check the scanner", async () => {
    const code = await keys.sign({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
    for (const text of [code.toUpperCase(), code.toLowerCase()])
      expect(await checkCardCode(text, verifier, NOW)).toEqual({
        ok: false,
        refusal: { kind: "case-changed" },
      });
    expect(await checkCardCode("S1.NOT-A-CODE", verifier, NOW)).toEqual({
      ok: false,
      refusal: { kind: "case-changed" },
    });
    expect(await checkCardCode("hello", verifier, NOW)).toEqual({
      ok: false,
      refusal: { kind: "malformed" },
    });
  });

  it("refuses a code whose signature was tampered with", async () => {
    const code = await keys.sign({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
    const parts = code.split(".");
    const signature = parts[3] as string;
    parts[3] = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    expect(await checkCardCode(parts.join("."), verifier, NOW)).toEqual({
      ok: false,
      refusal: { kind: "forged" },
    });
  });

  it("refuses a code signed by someone else's key under our key id", async () => {
    const impostor = await makeKeys("k1");
    const code = await impostor.sign({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
    expect(await checkCardCode(code, verifier, NOW)).toEqual({
      ok: false,
      refusal: { kind: "forged" },
    });
  });

  it("refuses another merchant's card", async () => {
    const code = await keys.sign({ cardId: CARD, programId: PROGRAM, merchantId: OTHER_MERCHANT });
    expect(await checkCardCode(code, verifier, NOW)).toEqual({
      ok: false,
      refusal: { kind: "foreign" },
    });
  });

  it("says when the key or the program is not known yet", async () => {
    const rotated = await makeKeys("k2");
    const code = await rotated.sign({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
    expect(await checkCardCode(code, verifier, NOW)).toEqual({
      ok: false,
      refusal: { kind: "unknown-key" },
    });
    const newProgram = "0c4d7e21-3b1a-4f5e-9d8c-7b6a5f4e3d99";
    const other = await keys.sign({ cardId: CARD, programId: newProgram, merchantId: MERCHANT });
    expect(await checkCardCode(other, verifier, NOW)).toEqual({
      ok: false,
      refusal: { kind: "unknown-program" },
    });
  });

  it("refuses text that is no card code", async () => {
    for (const text of ["", "hello", "S1.k1.abc.def", "https://example.com/?c=1"])
      expect(await checkCardCode(text, verifier, NOW)).toEqual({
        ok: false,
        refusal: { kind: "malformed" },
      });
  });

  describe("a Google card's rotating barcode, offline (stamp-core SPEC K9–K11)", () => {
    const PERIOD_MS = ROTATING_CODE.periodSeconds * 1000;
    const current = new Uint8Array(32).fill(7);
    const rotatedOut = new Uint8Array(32).fill(9);
    const withKeys: typeof verifier = { ...verifier, rotatingSecrets: [current, rotatedOut] };
    /** What the phone shows at `shownAt` for a card whose object carries `secret`'s card key. */
    const shown = async (secret: Uint8Array, shownAt: number) => {
      const code = await keys.sign({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
      const totp = rotatingTotp(rotatingCardKey(secret, CARD), shownAt);
      return rotatingValuePattern(code).replace("{totp_value_0}", totp);
    };

    it("K11: accepts a fresh value, with a period of clock skew either way", async () => {
      for (const tillClock of [NOW, NOW + PERIOD_MS, NOW - PERIOD_MS])
        expect(await checkCardCode(await shown(current, NOW), withKeys, tillClock)).toEqual({
          ok: true,
          cardId: CARD,
          program,
        });
      // A scanner that upper-cases nothing but the separator's letter changes nothing.
      const lower = (await shown(current, NOW)).replace(/\.T(\d+)$/, ".t$1");
      expect((await checkCardCode(lower, withKeys, NOW)).ok).toBe(true);
    });

    it("K10: a card issued before a rotation still verifies with the rotated-out secret", async () => {
      expect((await checkCardCode(await shown(rotatedOut, NOW), withKeys, NOW)).ok).toBe(true);
      const forgotten = { ...withKeys, rotatingSecrets: [current] };
      expect(await checkCardCode(await shown(rotatedOut, NOW), forgotten, NOW)).toEqual({
        ok: false,
        refusal: { kind: "expired" },
      });
    });

    it("K11: refuses a screenshot (an old value) and a value for another card", async () => {
      const screenshot = await shown(current, NOW - 3 * PERIOD_MS);
      expect(await checkCardCode(screenshot, withKeys, NOW)).toEqual({
        ok: false,
        refusal: { kind: "expired" },
      });
      const code = await keys.sign({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
      const otherCard = rotatingTotp(rotatingCardKey(current, MERCHANT), NOW);
      expect(await checkCardCode(`${code}.T${otherCard}`, withKeys, NOW)).toEqual({
        ok: false,
        refusal: { kind: "expired" },
      });
    });

    it("a forged card code is refused before its value is looked at", async () => {
      const impostor = await makeKeys("k1");
      const code = await impostor.sign({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
      const totp = rotatingTotp(rotatingCardKey(current, CARD), NOW);
      expect(await checkCardCode(`${code}.T${totp}`, withKeys, NOW)).toEqual({
        ok: false,
        refusal: { kind: "forged" },
      });
    });

    it("a till paired before it got the secrets says so and fetches them", async () => {
      const check = await checkCardCode(await shown(current, NOW), verifier, NOW);
      expect(check).toEqual({ ok: false, refusal: { kind: "no-rotating-key" } });
      expect(!check.ok && needsRefresh(check.refusal)).toBe(true);
      // Its still card codes (Apple cards, printed codes) keep working meanwhile.
      const code = await keys.sign({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
      expect((await checkCardCode(code, verifier, NOW)).ok).toBe(true);
    });
  });
});
