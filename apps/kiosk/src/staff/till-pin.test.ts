import { scryptAsync } from "@noble/hashes/scrypt.js";
import { makePinVerifier } from "@stamp/wire-protocol";
import { describe, expect, it } from "vitest";
import { isTheirPin } from "./till-pin";

describe("till PIN check", () => {
  it("checks a PIN offline against the staff member's verifier", async () => {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const pin = await makePinVerifier("4821", salt, (p, s, params) => scryptAsync(p, s, params));
    const anna = { id: "anna", name: "Anna", pin };
    expect(await isTheirPin("4821", anna)).toBe(true);
    expect(await isTheirPin("4822", anna)).toBe(false);
    expect(await isTheirPin("", anna)).toBe(false);
  });
});
