import { describe, expect, it } from "vitest";
import { CARD, MERCHANT, makeKeys, makeProgram, makeVerifier, PROGRAM } from "../testing/fixtures";
import { checkCardCode } from "./card-check";

const OTHER_MERCHANT = "2b7e2c11-7d0e-4c8e-8a9f-5b6c7d8e9f02";
const keys = await makeKeys("k1");
const program = makeProgram();
const verifier = await makeVerifier(keys, [program]);

describe("checkCardCode", () => {
  it("accepts a genuine code of this merchant and finds its program", async () => {
    const code = await keys.sign({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
    expect(await checkCardCode(code, verifier)).toEqual({ ok: true, cardId: CARD, program });
  });

  it("accepts the compact code in any letter case (a scanner on Caps Lock), and says whose it is", async () => {
    const code = await keys.signScan({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
    for (const text of [code, code.toLowerCase()])
      expect(await checkCardCode(text, verifier)).toEqual({ ok: true, cardId: CARD, program });
    const foreign = await keys.signScan({
      cardId: CARD,
      programId: PROGRAM,
      merchantId: OTHER_MERCHANT,
    });
    expect(await checkCardCode(foreign, verifier)).toEqual({
      ok: false,
      refusal: { kind: "foreign" },
    });
  });

  it("names a Caps-Locked original code (K1 is case-sensitive) so staff know to check the scanner", async () => {
    const code = await keys.sign({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
    for (const text of [code.toUpperCase(), code.toLowerCase()])
      expect(await checkCardCode(text, verifier)).toEqual({
        ok: false,
        refusal: { kind: "case-changed" },
      });
    expect(await checkCardCode("S1.NOT-A-CODE", verifier)).toEqual({
      ok: false,
      refusal: { kind: "case-changed" },
    });
    expect(await checkCardCode("hello", verifier)).toEqual({
      ok: false,
      refusal: { kind: "malformed" },
    });
  });

  it("refuses a code whose signature was tampered with", async () => {
    const code = await keys.sign({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
    const parts = code.split(".");
    const signature = parts[3] as string;
    parts[3] = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    expect(await checkCardCode(parts.join("."), verifier)).toEqual({
      ok: false,
      refusal: { kind: "forged" },
    });
  });

  it("refuses a code signed by someone else's key under our key id", async () => {
    const impostor = await makeKeys("k1");
    const code = await impostor.sign({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
    expect(await checkCardCode(code, verifier)).toEqual({ ok: false, refusal: { kind: "forged" } });
  });

  it("refuses another merchant's card", async () => {
    const code = await keys.sign({ cardId: CARD, programId: PROGRAM, merchantId: OTHER_MERCHANT });
    expect(await checkCardCode(code, verifier)).toEqual({
      ok: false,
      refusal: { kind: "foreign" },
    });
  });

  it("says when the key or the program is not known yet", async () => {
    const rotated = await makeKeys("k2");
    const code = await rotated.sign({ cardId: CARD, programId: PROGRAM, merchantId: MERCHANT });
    expect(await checkCardCode(code, verifier)).toEqual({
      ok: false,
      refusal: { kind: "unknown-key" },
    });
    const newProgram = "0c4d7e21-3b1a-4f5e-9d8c-7b6a5f4e3d99";
    const other = await keys.sign({ cardId: CARD, programId: newProgram, merchantId: MERCHANT });
    expect(await checkCardCode(other, verifier)).toEqual({
      ok: false,
      refusal: { kind: "unknown-program" },
    });
  });

  it("refuses text that is no card code", async () => {
    for (const text of ["", "hello", "S1.k1.abc.def", "https://example.com/?c=1"])
      expect(await checkCardCode(text, verifier)).toEqual({
        ok: false,
        refusal: { kind: "malformed" },
      });
  });
});
