import { encodeBase64url } from "@stamp/core";
import { describe, expect, it } from "vitest";
import type { StaffPinHash } from "./device-config";
import { verifyPin } from "./pin";

const subtle = globalThis.crypto.subtle;

/** Hashes a PIN the way the server does, with the platform's own PBKDF2. */
async function hashPin(pin: string, iterations: number): Promise<StaffPinHash> {
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const key = await subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    256,
  );
  return { salt: encodeBase64url(salt), iterations, hash: encodeBase64url(new Uint8Array(bits)) };
}

describe("verifyPin", () => {
  it("accepts the right PIN and refuses others", async () => {
    const stored = await hashPin("2468", 1000);
    expect(await verifyPin("2468", stored, subtle)).toBe(true);
    expect(await verifyPin("2469", stored, subtle)).toBe(false);
    expect(await verifyPin("", stored, subtle)).toBe(false);
  });

  it("honours the stored iteration count", async () => {
    const stored = await hashPin("1234", 2000);
    expect(await verifyPin("1234", { ...stored, iterations: 1000 }, subtle)).toBe(false);
  });

  it("refuses when the stored hash is garbled", async () => {
    const stored = await hashPin("1234", 1000);
    expect(await verifyPin("1234", { ...stored, hash: "!!" }, subtle)).toBe(false);
    expect(await verifyPin("1234", { ...stored, salt: "a" }, subtle)).toBe(false);
  });
});
