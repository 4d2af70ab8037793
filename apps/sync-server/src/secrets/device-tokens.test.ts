import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { SecretStore } from "../storage/store";
import { DeviceTokens } from "./device-tokens";

/** Secrets kept in memory, as the store keeps them in a file or the database. */
function memorySecrets(): SecretStore {
  const kept = new Map<string, string>();
  return {
    async readOrCreate(name, create) {
      const known = kept.get(name);
      if (known !== undefined) return known;
      const made = await create();
      kept.set(name, made);
      return made;
    },
  } as SecretStore;
}

const claims = () => ({
  deviceId: randomUUID(),
  merchantId: randomUUID(),
  locationId: randomUUID(),
});

describe("DeviceTokens", () => {
  it("verifies a token it issued, again and again, with the same claims", async () => {
    const tokens = await DeviceTokens.open(memorySecrets());
    const mine = claims();
    const token = await tokens.issue(mine);
    expect(await tokens.verify(token)).toEqual({ ok: true, claims: mine });
    expect(await tokens.verify(token)).toEqual({ ok: true, claims: mine });
  });

  it("refuses a token of another key or altered by one character, also after verifying good ones", async () => {
    const tokens = await DeviceTokens.open(memorySecrets());
    const other = await DeviceTokens.open(memorySecrets());
    const good = await tokens.issue(claims());
    expect((await tokens.verify(good)).ok).toBe(true);
    expect(await tokens.verify(await other.issue(claims()))).toEqual({
      ok: false,
      reason: "invalid",
    });
    // The signature's first character: all six of its bits count (the last one's may not).
    const at = good.lastIndexOf(".") + 1;
    const altered = `${good.slice(0, at)}${good[at] === "A" ? "B" : "A"}${good.slice(at + 1)}`;
    expect(await tokens.verify(altered)).toEqual({ ok: false, reason: "invalid" });
    // A refused token is not remembered as good either.
    expect((await tokens.verify(altered)).ok).toBe(false);
  });
});
