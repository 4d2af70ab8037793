import { decodeBase64url, encodeBase64url, utf8 } from "./base64url";
import { bytesToUuid, uuidToBytes } from "./uuid-bytes";
import type { EcJwk, OpaqueKey, SubtleLike } from "./webcrypto";

/**
 * Card code: what the wallet pass barcode holds (SPEC K1–K6).
 *
 *   S1.<kid>.<body>.<signature>
 *
 * body = base64url(cardId ‖ programId ‖ merchantId), each UUID as 16 raw bytes (64 characters);
 * signature = base64url of the raw 64-byte ES256 (P-256, SHA-256) signature over the ASCII text
 * `S1.<kid>.<body>` (86 characters). With a kid of at most 16 characters the code is at most 172
 * characters, all of them typeable by a US-layout keyboard-wedge scanner.
 */
export const CARD_CODE_PREFIX = "S1";
const KID = /^[A-Za-z0-9_-]{1,16}$/;
/** ES256, the signature of every signed code (card codes, voucher scan codes). */
export const CODE_SIGNATURE = { name: "ECDSA", hash: "SHA-256" } as const;
const CURVE = { name: "ECDSA", namedCurve: "P-256" } as const;

export interface CardCodeClaims {
  readonly cardId: string;
  readonly programId: string;
  readonly merchantId: string;
}

export type CardCodeError =
  | { readonly code: "malformed"; readonly message: string }
  | { readonly code: "unknown-key"; readonly kid: string }
  | { readonly code: "bad-signature" }
  | { readonly code: "wrong-merchant"; readonly merchantId: string };

export type CardCodeResult =
  | { readonly ok: true; readonly claims: CardCodeClaims; readonly kid: string }
  | { readonly ok: false; readonly error: CardCodeError };

export interface CardCodeSigner {
  readonly kid: string;
  readonly privateKey: OpaqueKey;
}

/** Public keys by kid; several at once during a rotation. */
export type CardCodeKeyring = ReadonlyMap<string, OpaqueKey>;

export interface Jwks {
  readonly keys: readonly EcJwk[];
}

export async function signCardCode(
  claims: CardCodeClaims,
  signer: CardCodeSigner,
  subtle: SubtleLike,
): Promise<string> {
  if (!KID.test(signer.kid))
    throw new Error(`card-code kid must match ${KID}, got "${signer.kid}"`);
  const body = new Uint8Array(48);
  uuidToBytes(claims.cardId, body, 0);
  uuidToBytes(claims.programId, body, 16);
  uuidToBytes(claims.merchantId, body, 32);
  const signed = `${CARD_CODE_PREFIX}.${signer.kid}.${encodeBase64url(body)}`;
  const signature = new Uint8Array(
    await subtle.sign(CODE_SIGNATURE, signer.privateKey, utf8(signed)),
  );
  return `${signed}.${encodeBase64url(signature)}`;
}

const malformed = (message: string): CardCodeResult => ({
  ok: false,
  error: { code: "malformed", message },
});

/** Checks a scanned code offline against cached public keys and the merchant the device serves. */
export async function verifyCardCode(
  code: string,
  keyring: CardCodeKeyring,
  expectedMerchantId: string,
  subtle: SubtleLike,
): Promise<CardCodeResult> {
  const text = code.trim();
  if (text.length > 200) return malformed("too long to be a card code");
  const parts = text.split(".");
  if (parts.length !== 4 || parts[0] !== CARD_CODE_PREFIX)
    return malformed("not a Stamp card code");
  const [, kid, bodyText, signatureText] = parts as [string, string, string, string];
  if (!KID.test(kid)) return malformed("bad key id");
  const body = decodeBase64url(bodyText);
  const signature = decodeBase64url(signatureText);
  if (body?.length !== 48) return malformed("bad card data");
  if (signature?.length !== 64) return malformed("bad signature encoding");
  const key = keyring.get(kid);
  if (!key) return { ok: false, error: { code: "unknown-key", kid } };
  const valid = await subtle.verify(
    CODE_SIGNATURE,
    key,
    signature,
    utf8(`${CARD_CODE_PREFIX}.${kid}.${bodyText}`),
  );
  if (!valid) return { ok: false, error: { code: "bad-signature" } };
  const claims = {
    cardId: bytesToUuid(body, 0),
    programId: bytesToUuid(body, 16),
    merchantId: bytesToUuid(body, 32),
  };
  if (claims.merchantId !== expectedMerchantId)
    return { ok: false, error: { code: "wrong-merchant", merchantId: claims.merchantId } };
  return { ok: true, claims, kid };
}

/** Only the key material: exported JWKs carry key_ops/ext that WebCrypto rejects for another usage. */
function pick(jwk: EcJwk, withPrivate: boolean): EcJwk {
  const { kty, crv, x, y, d } = jwk;
  return {
    kty,
    ...(crv && { crv }),
    ...(x && { x }),
    ...(y && { y }),
    ...(withPrivate && d ? { d } : {}),
  };
}

/** Imports a JWKS of P-256 public keys into a keyring; keys without a kid or of another type are skipped. */
export async function importCardCodeKeys(jwks: Jwks, subtle: SubtleLike): Promise<CardCodeKeyring> {
  const ring = new Map<string, OpaqueKey>();
  for (const jwk of jwks.keys) {
    if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.kid || !KID.test(jwk.kid)) continue;
    ring.set(jwk.kid, await subtle.importKey("jwk", pick(jwk, false), CURVE, false, ["verify"]));
  }
  return ring;
}

/** Imports a private JWK (with `d` and `kid`) for signing. */
export async function importCardCodeSigner(
  jwk: EcJwk,
  subtle: SubtleLike,
): Promise<CardCodeSigner> {
  if (!jwk.kid) throw new Error("card-code signing key needs a kid");
  return {
    kid: jwk.kid,
    privateKey: await subtle.importKey("jwk", pick(jwk, true), CURVE, false, ["sign"]),
  };
}
