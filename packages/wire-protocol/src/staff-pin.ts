import { decodeBase64url, encodeBase64url } from "@stamp/core";
import * as v from "valibot";

/**
 * The staff PIN guards leaving Kiosk mode and unpairing a till, offline too: the server keeps a
 * PBKDF2-SHA256 hash of each location's PIN and gives it to paired tills, which check the PIN with
 * WebCrypto. A PIN has few combinations, so the hash only slows down someone holding a device
 * token; it guards the till's settings, not money. One implementation for the server that makes
 * the hash and the till that checks it.
 */
export const STAFF_PIN = /^[0-9]{4,8}$/;
export const STAFF_PIN_ITERATIONS = 100_000;
const HASH_BYTES = 32;
const SALT_BYTES = 16;

const BASE64URL = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/, "must be base64url"));

export const StaffPinHashSchema = v.object({
  /** base64url bytes */
  salt: BASE64URL,
  iterations: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000_000)),
  /** base64url PBKDF2-SHA256 output */
  hash: BASE64URL,
});

export type StaffPinHash = v.InferOutput<typeof StaffPinHashSchema>;

/** The slice of WebCrypto PBKDF2 needs; callers hand in `globalThis.crypto.subtle`. */
export interface Pbkdf2Subtle {
  importKey(
    format: "raw",
    keyData: Uint8Array<ArrayBuffer>,
    algorithm: "PBKDF2",
    extractable: false,
    keyUsages: ["deriveBits"],
  ): Promise<object>;
  deriveBits(
    algorithm: {
      name: "PBKDF2";
      hash: "SHA-256";
      salt: Uint8Array<ArrayBuffer>;
      iterations: number;
    },
    baseKey: never,
    length: number,
  ): Promise<ArrayBuffer>;
}

async function derive(
  pin: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  bytes: number,
  subtle: Pbkdf2Subtle,
): Promise<Uint8Array> {
  const key = await subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key as never,
    bytes * 8,
  );
  return new Uint8Array(bits);
}

/** `salt`: 16 random bytes, handed in so tests can drive them. */
export async function hashStaffPin(
  pin: string,
  salt: Uint8Array,
  subtle: Pbkdf2Subtle,
): Promise<StaffPinHash> {
  if (salt.length !== SALT_BYTES) throw new Error(`a staff PIN salt has ${SALT_BYTES} bytes`);
  const hash = await derive(pin, new Uint8Array(salt), STAFF_PIN_ITERATIONS, HASH_BYTES, subtle);
  return {
    salt: encodeBase64url(salt),
    iterations: STAFF_PIN_ITERATIONS,
    hash: encodeBase64url(hash),
  };
}

/** Byte comparison that takes the same time wherever the first difference is. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** Checks a PIN against a stored hash (whatever its iterations and length, so old hashes work). */
export async function verifyStaffPin(
  pin: string,
  stored: StaffPinHash,
  subtle: Pbkdf2Subtle,
): Promise<boolean> {
  const salt = decodeBase64url(stored.salt);
  const expected = decodeBase64url(stored.hash);
  if (!salt || !expected || expected.length === 0) return false;
  const actual = await derive(
    pin,
    new Uint8Array(salt),
    stored.iterations,
    expected.length,
    subtle,
  );
  return sameBytes(actual, expected);
}
