import { describe, expect, it } from "vitest";
import { PasswordHasher } from "./password";

describe("admin password hashes", () => {
  it("are scrypt at the configured cost, and match only their password", async () => {
    const hasher = new PasswordHasher(10);
    const stored = await hasher.hash("correct horse battery");
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await hasher.verify("correct horse battery", stored)).toBe(true);
    expect(await hasher.verify("correct horse batterY", stored)).toBe(false);
    expect(await hasher.hash("correct horse battery")).not.toBe(stored);
  });

  it("cost N = 2^15 by default", async () => {
    expect(await new PasswordHasher().hash("correct horse battery")).toMatch(/^scrypt\$32768\$/);
  });

  it("are checked at the cost they carry, so a changed cost keeps every password working", async () => {
    const older = await new PasswordHasher(11).hash("correct horse battery");
    expect(await new PasswordHasher(10).verify("correct horse battery", older)).toBe(true);
  });

  it("match a password however its accents were typed (NFC)", async () => {
    const hasher = new PasswordHasher(10);
    const stored = await hasher.hash("caf\u00e9 au lait!");
    expect(await hasher.verify("cafe\u0301 au lait!", stored)).toBe(true);
  });

  it("answer no for an account that does not exist, after checking a decoy", async () => {
    const hasher = new PasswordHasher(10);
    expect(await hasher.verify("anything at all", null)).toBe(false);
    expect(await hasher.verify("anything at all", "bcrypt$whatever")).toBe(false);
  });
});
