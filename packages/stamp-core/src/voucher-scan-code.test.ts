import { beforeAll, describe, expect, it } from "vitest";
import { type CardCodeKeyring, signCardCode } from "./card-code";
import { compactCodeLength, keyTag } from "./signed-code";
import { keyringOf, newCodeKey, nodeSubtle, type TestCodeKey } from "./testing/code-keys";
import { cardIdFor, MERCHANT, PROGRAM } from "./testing/fixtures";
import {
  isVoucherScanCode,
  programOfScan,
  signVoucherScanCode,
  VOUCHER_SCAN_CODE,
  verifyVoucherScanCode,
} from "./voucher-scan-code";

const subtle = nodeSubtle;
const CARD = cardIdFor(42);
const voucher = { voucherId: `${CARD}:3`, programId: PROGRAM };

let current: TestCodeKey;
let previous: TestCodeKey;
let ring: CardCodeKeyring;

beforeAll(async () => {
  current = await newCodeKey("Ab3_xY9-");
  previous = await newCodeKey("older-key");
  ring = await keyringOf(current, previous);
});

describe("voucher scan codes", () => {
  it("S1, S6: 145 upper-case characters of a QR code's alphanumeric set, verified offline", async () => {
    const code = await signVoucherScanCode(voucher, current.signer, subtle);
    expect(code).toHaveLength(145);
    expect(compactCodeLength(VOUCHER_SCAN_CODE)).toBe(145);
    expect(code).toMatch(/^V1[A-Z2-7]{143}$/);
    expect(code.slice(2, 4)).toBe(keyTag("Ab3_xY9-"));
    expect(isVoucherScanCode(code)).toBe(true);
    expect(await verifyVoucherScanCode(code, ring, subtle)).toEqual({
      ok: true,
      kid: "Ab3_xY9-",
      claims: {
        voucherId: `${CARD}:3`,
        cardId: CARD,
        cycle: 3,
        programPrefix: PROGRAM.slice(0, 8),
      },
    });
  });

  it("S3: a code whose letters changed case still reads (a scanner without Shift)", async () => {
    const code = await signVoucherScanCode(voucher, current.signer, subtle);
    const lower = code.toLowerCase();
    expect(isVoucherScanCode(lower)).toBe(true);
    expect((await verifyVoucherScanCode(` ${lower}\n`, ring, subtle)).ok).toBe(true);
  });

  it("S4: codes of a rotated-out key still verify while the key is listed; not after", async () => {
    const code = await signVoucherScanCode(voucher, previous.signer, subtle);
    expect(await verifyVoucherScanCode(code, ring, subtle)).toMatchObject({
      ok: true,
      kid: "older-key",
    });
    const retired = await keyringOf(current);
    expect(await verifyVoucherScanCode(code, retired, subtle)).toEqual({
      ok: false,
      error: { code: "unknown-key", tag: keyTag("older-key") },
    });
  });

  it("S4: a forged or altered code is refused, typed", async () => {
    const code = await signVoucherScanCode(voucher, current.signer, subtle);
    const flipped = `${code.slice(0, 20)}${code[20] === "A" ? "B" : "A"}${code.slice(21)}`;
    expect(await verifyVoucherScanCode(flipped, ring, subtle)).toEqual({
      ok: false,
      error: { code: "bad-signature" },
    });
    const stranger = await newCodeKey("Ab3_xY9-");
    const forged = await signVoucherScanCode(voucher, stranger.signer, subtle);
    expect((await verifyVoucherScanCode(forged, ring, subtle)).ok).toBe(false);
    expect(await verifyVoucherScanCode("V1AA", ring, subtle)).toMatchObject({
      ok: false,
      error: { code: "malformed" },
    });
    expect(await verifyVoucherScanCode(`${code.slice(0, 144)}!`, ring, subtle)).toMatchObject({
      ok: false,
      error: { code: "malformed" },
    });
  });

  it("S5: a card code is not a voucher code, and the other way round", async () => {
    const card = await signCardCode(
      { cardId: CARD, programId: PROGRAM, merchantId: MERCHANT },
      current.signer,
      subtle,
    );
    expect(isVoucherScanCode(card)).toBe(false);
    expect((await verifyVoucherScanCode(card, ring, subtle)).ok).toBe(false);
  });

  it("S6: the scan names its program among the ones a device knows", async () => {
    const code = await signVoucherScanCode(voucher, current.signer, subtle);
    const result = await verifyVoucherScanCode(code, ring, subtle);
    if (!result.ok) throw new Error("expected a valid code");
    const other = { id: "11111111-0000-4000-8000-000000000000" };
    expect(programOfScan(result.claims, [other, { id: PROGRAM }])).toEqual({ id: PROGRAM });
    expect(programOfScan(result.claims, [other])).toBeUndefined();
  });
});
