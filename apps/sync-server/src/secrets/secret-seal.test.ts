import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../config";
import { SealBroken, SecretSeal } from "./secret-seal";

const key = () => new Uint8Array(randomBytes(32));

describe("sealed secrets (SECRETS_KEY)", () => {
  it("are a JWE (dir, A256GCM) that opens under its own name with the key that sealed it", async () => {
    const seal = new SecretSeal(key());
    const sealed = await seal.seal("device-token.key", "the signing key");
    expect(sealed).not.toContain("the signing key");
    const header = JSON.parse(Buffer.from(sealed.split(".")[0] ?? "", "base64url").toString());
    expect(header).toEqual({ alg: "dir", enc: "A256GCM", "stamp-secret": "device-token.key" });
    expect(await seal.open("device-token.key", sealed)).toBe("the signing key");
    // Fresh randomness each time: sealing twice gives two different texts.
    expect(await seal.seal("device-token.key", "the signing key")).not.toBe(sealed);
  });

  it("do not open with another key, under another name, or altered; the error says what to do", async () => {
    const seal = new SecretSeal(key());
    const sealed = await seal.seal("card-codes/a.json", "keys");
    const parts = sealed.split(".");
    const ciphertext = parts[3] ?? "";
    parts[3] = `${ciphertext.startsWith("A") ? "B" : "A"}${ciphertext.slice(1)}`;
    // Each refusal is made when it is awaited: made together, one rejecting while the test
    // awaits another is an unhandled rejection.
    const refusals = [
      () => new SecretSeal(key()).open("card-codes/a.json", sealed),
      () => seal.open("device-token.key", sealed),
      () => seal.open("card-codes/a.json", parts.join(".")),
    ];
    for (const refuse of refusals) {
      const refusal = refuse();
      await expect(refusal).rejects.toThrow(SealBroken);
      await expect(refusal).rejects.toThrow(ConfigError);
      await expect(refusal).rejects.toThrow(/every instance needs the SECRETS_KEY/);
    }
  });

  it("takes a key of 32 bytes only", () => {
    expect(() => new SecretSeal(new Uint8Array(16))).toThrow(/32 bytes/);
  });
});
