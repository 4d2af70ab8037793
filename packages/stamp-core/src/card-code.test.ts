import { webcrypto } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type CardCodeKeyring,
  type CardCodeSigner,
  importCardCodeKeys,
  importCardCodeSigner,
  type Jwks,
  signCardCode,
  verifyCardCode,
} from "./card-code";
import { MERCHANT, OTHER_MERCHANT, PROGRAM } from "./testing/fixtures";
import type { EcJwk, SubtleLike } from "./webcrypto";

const subtle = webcrypto.subtle as unknown as SubtleLike;
const claims = {
  cardId: "3f2a9c1e-8b7d-4e6f-a5c4-b3d2e1f0a9b8",
  programId: PROGRAM,
  merchantId: MERCHANT,
};

async function newKey(kid: string): Promise<{ signer: CardCodeSigner; jwk: EcJwk }> {
  const pair = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ]);
  const jwk = { ...(await webcrypto.subtle.exportKey("jwk", pair.privateKey)), kid } as EcJwk;
  return { signer: await importCardCodeSigner(jwk, subtle), jwk };
}

function publicJwks(...jwks: EcJwk[]): Jwks {
  return { keys: jwks.map(({ d: _private, ...pub }) => pub) };
}

let current: { signer: CardCodeSigner; jwk: EcJwk };
let previous: { signer: CardCodeSigner; jwk: EcJwk };
let ring: CardCodeKeyring;

beforeAll(async () => {
  current = await newKey("k2026b");
  previous = await newKey("k2026a");
  ring = await importCardCodeKeys(publicJwks(current.jwk, previous.jwk), subtle);
});

describe("card codes", () => {
  it("K1, K3: a signed code verifies offline from the JWKS and yields its claims", async () => {
    const code = await signCardCode(claims, current.signer, subtle);
    expect(code).toMatch(/^S1\.k2026b\.[A-Za-z0-9_-]{64}\.[A-Za-z0-9_-]{86}$/);
    expect(await verifyCardCode(code, ring, MERCHANT, subtle)).toEqual({
      ok: true,
      claims,
      kid: "k2026b",
    });
  });

  it("K2: a code with the longest kid stays within 200 characters of scanner-typeable text", async () => {
    const long = await newKey("abcdefghijklmnop");
    const code = await signCardCode(claims, long.signer, subtle);
    expect(code.length).toBeLessThanOrEqual(172);
    expect(code).toMatch(/^[A-Za-z0-9_.-]+$/);
  });

  it("K4: a flipped bit in the body or signature is a bad signature", async () => {
    const code = await signCardCode(claims, current.signer, subtle);
    const [prefix, kid, body, sig] = code.split(".") as [string, string, string, string];
    const flip = (s: string) =>
      s[10] === "A" ? `${s.slice(0, 10)}B${s.slice(11)}` : `${s.slice(0, 10)}A${s.slice(11)}`;
    for (const forged of [
      `${prefix}.${kid}.${flip(body)}.${sig}`,
      `${prefix}.${kid}.${body}.${flip(sig)}`,
    ]) {
      expect(await verifyCardCode(forged, ring, MERCHANT, subtle)).toEqual({
        ok: false,
        error: { code: "bad-signature" },
      });
    }
  });

  it("K4: codes that are not card codes are malformed, with a reason", async () => {
    const code = await signCardCode(claims, current.signer, subtle);
    for (const bad of [
      "",
      "hello",
      "S2.k.a.b",
      code.slice(0, -2),
      `${code}.x`,
      "S1.k!d.aa.bb",
      "x".repeat(500),
    ]) {
      const result = await verifyCardCode(bad, ring, MERCHANT, subtle);
      expect(result.ok, bad).toBe(false);
      if (!result.ok) expect(result.error.code, bad).toBe("malformed");
    }
  });

  it("K4, K5: a code signed by a rotated-out key is refused as unknown-key", async () => {
    const code = await signCardCode(claims, previous.signer, subtle);
    expect((await verifyCardCode(code, ring, MERCHANT, subtle)).ok).toBe(true);
    const afterRotation = await importCardCodeKeys(publicJwks(current.jwk), subtle);
    expect(await verifyCardCode(code, afterRotation, MERCHANT, subtle)).toEqual({
      ok: false,
      error: { code: "unknown-key", kid: "k2026a" },
    });
  });

  it("K4: a genuine code of another merchant is refused as wrong-merchant", async () => {
    const code = await signCardCode(
      { ...claims, merchantId: OTHER_MERCHANT },
      current.signer,
      subtle,
    );
    expect(await verifyCardCode(code, ring, MERCHANT, subtle)).toEqual({
      ok: false,
      error: { code: "wrong-merchant", merchantId: OTHER_MERCHANT },
    });
  });

  it("K3: JWKS entries that are not P-256 keys with a kid are skipped", async () => {
    const { kid: _k, ...noKid } = publicJwks(current.jwk).keys[0] as EcJwk;
    const keys = await importCardCodeKeys({ keys: [noKid, { kty: "RSA", kid: "r1" }] }, subtle);
    expect(keys.size).toBe(0);
  });
});
