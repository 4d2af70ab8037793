import { decodeBase64url } from "@stamp/core";
import type { StaffPinHash } from "./device-config";

/** Byte comparison that takes the same time wherever the first difference is. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/**
 * Checks the staff PIN offline against the PBKDF2-SHA256 hash cached at pairing, so unpairing or
 * leaving Kiosk mode works at a till without network.
 */
export async function verifyPin(
  pin: string,
  stored: StaffPinHash,
  subtle: SubtleCrypto,
): Promise<boolean> {
  const salt = decodeBase64url(stored.salt);
  const expected = decodeBase64url(stored.hash);
  if (!salt || !expected || expected.length === 0) return false;
  const key = await subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await subtle.deriveBits(
    {
      name: "PBKDF2",
      hash: "SHA-256",
      salt: salt as Uint8Array<ArrayBuffer>,
      iterations: stored.iterations,
    },
    key,
    expected.length * 8,
  );
  return sameBytes(new Uint8Array(bits), expected);
}
