import { scryptAsync } from "@noble/hashes/scrypt.js";
import { makePinVerifier, PIN_HASH_COSTS } from "@stamp/wire-protocol";
import { describe, expect, it } from "vitest";
import { isTheirPin } from "./till-pin";

describe("till PIN check", () => {
  // A verifier at the tests' cost: it carries its N, which the till's check uses (the default
  // cost's verifiers are checked by the wire protocol's tests, Node's scrypt against noble's).
  it("checks a PIN offline against the staff member's verifier", async () => {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const pin = await makePinVerifier(
      "4821",
      salt,
      (p, s, params) => scryptAsync(p, s, params),
      PIN_HASH_COSTS.min,
    );
    const anna = { id: "anna", name: "Anna", pin };
    expect(await isTheirPin("4821", anna)).toBe(true);
    expect(await isTheirPin("4822", anna)).toBe(false);
    expect(await isTheirPin("", anna)).toBe(false);
  });
});
