import { importCardCodeKeys, importCardCodeSigner, signVoucherScanCode } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { CARD, MERCHANT, makeProgram, PROGRAM, subtle } from "../testing/fixtures";
import type { CardVerifier } from "./card-check";
import { checkVoucherCode } from "./voucher-check";

async function signerAndJwk(kid: string) {
  const pair = (await globalThis.crypto.subtle.generateKey(
    { name: "ECDSA", namedCurve: "P-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const jwk = { ...(await globalThis.crypto.subtle.exportKey("jwk", pair.privateKey)), kid };
  const { d: _private, ...pub } = jwk;
  return {
    signer: await importCardCodeSigner(jwk as never, subtle),
    jwk: { ...pub, kty: "EC" } as never,
  };
}

const ours = await signerAndJwk("k1");
const program = makeProgram();
const verifier: CardVerifier = {
  keyring: await importCardCodeKeys({ keys: [ours.jwk] }, subtle),
  merchantId: MERCHANT,
  programs: new Map([[PROGRAM, program]]),
  subtle,
  rotatingSecrets: [],
};
const voucher = { voucherId: `${CARD}:2`, programId: PROGRAM };

describe("checkVoucherCode", () => {
  it("verifies a voucher's code offline and names its card, voucher and program", async () => {
    const code = await signVoucherScanCode(voucher, ours.signer, subtle);
    expect(await checkVoucherCode(code.toLowerCase(), verifier)).toEqual({
      ok: true,
      cardId: CARD,
      voucherId: `${CARD}:2`,
      program,
    });
  });

  it("refuses a code signed by another key, and one of a program this till does not know", async () => {
    const stranger = await signerAndJwk("k1");
    const forged = await signVoucherScanCode(voucher, stranger.signer, subtle);
    expect(await checkVoucherCode(forged, verifier)).toEqual({
      ok: false,
      refusal: { kind: "forged" },
    });
    const other = await signVoucherScanCode(
      { voucherId: `${CARD}:1`, programId: "99999999-0000-4000-8000-000000000000" },
      ours.signer,
      subtle,
    );
    expect(await checkVoucherCode(other, verifier)).toEqual({
      ok: false,
      refusal: { kind: "unknown-program" },
    });
  });
});
