import { decodeBase32, encodeBase32 } from "./base32";
import { utf8 } from "./base64url";
import { type CardCodeKeyring, type CardCodeSigner, CODE_SIGNATURE } from "./card-code";
import { hash53 } from "./hash";
import type { SubtleLike } from "./webcrypto";

/**
 * The compact signed code family (SPEC S1–S5): `<prefix><key tag><base32(payload ‖ signature)>`,
 * upper case, every character in a QR code's alphanumeric mode, read back in either case. The
 * prefix (2 characters, `[A-Z0-9]`) says what the payload is; the key tag (2 base32 characters)
 * says which of the merchant's keys signed it without spelling a case-sensitive kid; the
 * signature is ES256 (64 raw bytes) over the ASCII header followed by the payload bytes.
 */
export interface CompactCodeKind {
  readonly prefix: string;
  /** Payload bytes; fixed per kind so that a code's length tells kinds apart. */
  readonly payloadLength: number;
}

const SIGNATURE_BYTES = 64;
const HEADER = 4;

export type CompactCodeError =
  | { readonly code: "malformed"; readonly message: string }
  | { readonly code: "unknown-key"; readonly tag: string }
  | { readonly code: "bad-signature" };

export type CompactCodeResult =
  | { readonly ok: true; readonly payload: Uint8Array; readonly kid: string }
  | { readonly ok: false; readonly error: CompactCodeError };

const TAG_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Two base32 characters (10 bits) from the kid: enough to pick among a merchant's few keys (S2). */
export function keyTag(kid: string): string {
  const n = hash53(`key-tag|${kid}`);
  return `${TAG_ALPHABET[n % 32]}${TAG_ALPHABET[Math.floor(n / 32) % 32]}`;
}

/** The length of every code of this kind (S1). */
export function compactCodeLength(kind: CompactCodeKind): number {
  return HEADER + Math.ceil(((kind.payloadLength + SIGNATURE_BYTES) * 8) / 5);
}

/** Whether scanned text has the shape of this kind, before any signature is checked. */
export function looksLikeCompactCode(kind: CompactCodeKind, text: string): boolean {
  const normal = text.trim().toUpperCase();
  return normal.length === compactCodeLength(kind) && normal.startsWith(kind.prefix);
}

function message(header: string, payload: Uint8Array): Uint8Array {
  const head = utf8(header);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}

export async function signCompactCode(
  kind: CompactCodeKind,
  payload: Uint8Array,
  signer: CardCodeSigner,
  subtle: SubtleLike,
): Promise<string> {
  if (payload.length !== kind.payloadLength)
    throw new Error(
      `a ${kind.prefix} payload is ${kind.payloadLength} bytes, got ${payload.length}`,
    );
  const header = `${kind.prefix}${keyTag(signer.kid)}`;
  const signature = new Uint8Array(
    await subtle.sign(CODE_SIGNATURE, signer.privateKey, message(header, payload)),
  );
  const body = new Uint8Array(payload.length + SIGNATURE_BYTES);
  body.set(payload, 0);
  body.set(signature, payload.length);
  return `${header}${encodeBase32(body)}`;
}

const malformed = (text: string): CompactCodeResult => ({
  ok: false,
  error: { code: "malformed", message: text },
});

/** The payload of a well-formed code of this kind, its signature unchecked (only to explain a refusal). */
export function readCompactPayload(kind: CompactCodeKind, text: string): Uint8Array | null {
  const normal = text.trim().toUpperCase();
  if (!looksLikeCompactCode(kind, normal)) return null;
  return decodeBase32(normal.slice(HEADER))?.slice(0, kind.payloadLength) ?? null;
}

/** The element of `items` whose id starts with `prefix` (a compact code names ids by their first bytes). */
export function withIdPrefix<T extends { readonly id: string }>(
  prefix: string,
  items: Iterable<T>,
): T | undefined {
  for (const item of items) if (item.id.startsWith(prefix)) return item;
  return undefined;
}

/** Checks a scanned code offline against the merchant's cached public keys (S3, S4). */
export async function verifyCompactCode(
  kind: CompactCodeKind,
  text: string,
  keyring: CardCodeKeyring,
  subtle: SubtleLike,
): Promise<CompactCodeResult> {
  const normal = text.trim().toUpperCase();
  if (!normal.startsWith(kind.prefix)) return malformed("not this kind of code");
  if (normal.length !== compactCodeLength(kind)) return malformed("wrong length");
  const tag = normal.slice(2, HEADER);
  const body = decodeBase32(normal.slice(HEADER));
  if (!body || !/^[A-Z2-7]{2}$/.test(tag)) return malformed("not base32");
  const payload = body.slice(0, kind.payloadLength);
  const signature = body.slice(kind.payloadLength);
  const candidates = [...keyring].filter(([kid]) => keyTag(kid) === tag);
  if (candidates.length === 0) return { ok: false, error: { code: "unknown-key", tag } };
  const signed = message(normal.slice(0, HEADER), payload);
  for (const [kid, key] of candidates)
    if (await subtle.verify(CODE_SIGNATURE, key, signature, signed))
      return { ok: true, payload, kid };
  return { ok: false, error: { code: "bad-signature" } };
}
