import { beforeAll, describe, expect, it } from "vitest";
import { type CardCodeKeyring, signCardCode } from "./card-code";
import {
  CARD_SCAN_CODE,
  isCardScanCode,
  programOfCard,
  readCardCode,
  signCardScanCode,
} from "./card-scan-code";
import { compactCodeLength, keyTag } from "./signed-code";
import { keyringOf, newCodeKey, nodeSubtle, type TestCodeKey } from "./testing/code-keys";
import { cardIdFor, MERCHANT, OTHER_MERCHANT, PROGRAM } from "./testing/fixtures";
import { isVoucherScanCode, signVoucherScanCode, verifyVoucherScanCode } from "./voucher-scan-code";

const subtle = nodeSubtle;
const CARD = cardIdFor(7);
const claims = { cardId: CARD, programId: PROGRAM, merchantId: MERCHANT };

let current: TestCodeKey;
let previous: TestCodeKey;
let ring: CardCodeKeyring;

beforeAll(async () => {
  current = await newCodeKey("k2026b");
  previous = await newCodeKey("k2026a");
  ring = await keyringOf(current, previous);
});

describe("compact card codes", () => {
  it("K7: 145 upper-case characters of QR alphanumeric mode, read offline", async () => {
    const code = await signCardScanCode(claims, current.signer, subtle);
    expect(code).toHaveLength(145);
    expect(compactCodeLength(CARD_SCAN_CODE)).toBe(145);
    expect(code).toMatch(/^C1[A-Z2-7]{143}$/);
    expect(code.slice(2, 4)).toBe(keyTag("k2026b"));
    expect(isCardScanCode(code)).toBe(true);
    expect(await readCardCode(code, ring, MERCHANT, subtle)).toEqual({
      ok: true,
      cardId: CARD,
      programMatch: PROGRAM.slice(0, 8),
      kid: "k2026b",
    });
  });

  it("K7, S3: a code whose letters changed case (Caps Lock, no Shift) is the same code", async () => {
    const code = await signCardScanCode(claims, current.signer, subtle);
    const mixed = [...code].map((c, i) => (i % 3 === 0 ? c.toLowerCase() : c)).join("");
    for (const text of [code.toLowerCase(), mixed, ` ${code}\n`])
      expect(await readCardCode(text, ring, MERCHANT, subtle)).toMatchObject({
        ok: true,
        cardId: CARD,
      });
  });

  it("K8: the original format still reads, with its full program id", async () => {
    const old = await signCardCode(claims, previous.signer, subtle);
    expect(await readCardCode(old, ring, MERCHANT, subtle)).toEqual({
      ok: true,
      cardId: CARD,
      programMatch: PROGRAM,
      kid: "k2026a",
    });
  });

  it("K7: another business's code says so, signed by a key of ours or not", async () => {
    const foreign = await signCardScanCode(
      { ...claims, merchantId: OTHER_MERCHANT },
      current.signer,
      subtle,
    );
    const wrong = {
      ok: false,
      error: { code: "wrong-merchant", merchantId: OTHER_MERCHANT.slice(0, 8) },
    };
    expect(await readCardCode(foreign, ring, MERCHANT, subtle)).toEqual(wrong);
    const theirs = await newCodeKey("theirs");
    const signedByThem = await signCardScanCode(
      { ...claims, merchantId: OTHER_MERCHANT },
      theirs.signer,
      subtle,
    );
    expect(await readCardCode(signedByThem, ring, MERCHANT, subtle)).toEqual(wrong);
  });

  it("K7, S4: forged, altered, retired and damaged codes are refused, typed", async () => {
    const code = await signCardScanCode(claims, current.signer, subtle);
    const flipped = `${code.slice(0, 30)}${code[30] === "A" ? "B" : "A"}${code.slice(31)}`;
    expect(await readCardCode(flipped, ring, MERCHANT, subtle)).toEqual({
      ok: false,
      error: { code: "bad-signature" },
    });
    const retired = await signCardScanCode(claims, previous.signer, subtle);
    expect(await readCardCode(retired, await keyringOf(current), MERCHANT, subtle)).toEqual({
      ok: false,
      error: { code: "unknown-key", tag: keyTag("k2026a") },
    });
    expect(await readCardCode(code.slice(0, 144), ring, MERCHANT, subtle)).toMatchObject({
      ok: false,
      error: { code: "malformed" },
    });
  });

  it("S5: card and voucher codes never read as each other", async () => {
    const card = await signCardScanCode(claims, current.signer, subtle);
    const voucher = await signVoucherScanCode(
      { voucherId: `${CARD}:1`, programId: PROGRAM },
      current.signer,
      subtle,
    );
    expect(isVoucherScanCode(card)).toBe(false);
    expect((await verifyVoucherScanCode(card, ring, subtle)).ok).toBe(false);
    expect(isCardScanCode(voucher)).toBe(false);
    expect((await readCardCode(voucher, ring, MERCHANT, subtle)).ok).toBe(false);
  });

  it("K7: the code names its program among the ones a reader knows", async () => {
    const reading = await readCardCode(
      await signCardScanCode(claims, current.signer, subtle),
      ring,
      MERCHANT,
      subtle,
    );
    if (!reading.ok) throw new Error("expected a valid code");
    const other = { id: "11111111-0000-4000-8000-000000000000" };
    expect(programOfCard(reading, [other, { id: PROGRAM }])).toEqual({ id: PROGRAM });
    expect(programOfCard(reading, [other])).toBeUndefined();
  });
});
