import { encodeBase64url } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { hashStaffPin, STAFF_PIN_ITERATIONS, type StaffPinHash, verifyStaffPin } from "./staff-pin";

const subtle = globalThis.crypto.subtle;
const salt = () => globalThis.crypto.getRandomValues(new Uint8Array(16));

/** A hash with fewer iterations, the way an older server may have stored one. */
async function cheapHash(pin: string, iterations: number): Promise<StaffPinHash> {
  const key = await subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, [
    "deriveBits",
  ]);
  const saltBytes = salt();
  const bits = await subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: saltBytes, iterations },
    key,
    256,
  );
  return {
    salt: encodeBase64url(saltBytes),
    iterations,
    hash: encodeBase64url(new Uint8Array(bits)),
  };
}

describe("staff PIN hash", () => {
  it("is checked by the same module that made it", async () => {
    const stored = await hashStaffPin("2468", salt(), subtle);
    expect(stored.iterations).toBe(STAFF_PIN_ITERATIONS);
    expect(await verifyStaffPin("2468", stored, subtle)).toBe(true);
    expect(await verifyStaffPin("2469", stored, subtle)).toBe(false);
    expect(await verifyStaffPin("", stored, subtle)).toBe(false);
  });

  it("is salted: one PIN, two hashes", async () => {
    const [a, b] = await Promise.all([
      hashStaffPin("1234", salt(), subtle),
      hashStaffPin("1234", salt(), subtle),
    ]);
    expect(a.hash).not.toBe(b.hash);
  });

  it("honours the stored iteration count", async () => {
    const stored = await cheapHash("1234", 2000);
    expect(await verifyStaffPin("1234", stored, subtle)).toBe(true);
    expect(await verifyStaffPin("1234", { ...stored, iterations: 1000 }, subtle)).toBe(false);
  });

  it("refuses when the stored hash is garbled", async () => {
    const stored = await cheapHash("1234", 1000);
    expect(await verifyStaffPin("1234", { ...stored, hash: "!!" }, subtle)).toBe(false);
    expect(await verifyStaffPin("1234", { ...stored, salt: "a" }, subtle)).toBe(false);
  });

  it("takes a salt of 16 bytes only", async () => {
    await expect(hashStaffPin("1234", new Uint8Array(8), subtle)).rejects.toThrow(/16 bytes/);
  });
});
