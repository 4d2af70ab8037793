import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { apiKey, enroll } from "../../test/fixtures";
import { roomyRateLimits, startTestServer } from "../../test/test-server";
import { TokenBuckets } from "../http/token-bucket";
import { MAX_REGISTRATIONS_PER_PASS } from "../storage/stored-bounds";

const PASS_TYPE = "pass.dev.stamp.loyalty";

const server = await startTestServer({
  limits: {
    ...roomyRateLimits(),
    passRegistration: new TokenBuckets(MAX_REGISTRATIONS_PER_PASS + 2, 0.001),
    walletService: new TokenBuckets(40, 0.001),
    exports: new TokenBuckets(40, 0.001),
  },
});
const key = await apiKey(server, server.seed);
afterAll(() => server.close());

async function register(cardId: string, device: string): Promise<Response> {
  const pass = await server.services.wallet.store.getPass(cardId);
  return fetch(`${server.url}/wallet/v1/devices/${device}/registrations/${PASS_TYPE}/${cardId}`, {
    method: "POST",
    headers: { authorization: `ApplePass ${pass?.authToken}`, "content-type": "application/json" },
    body: JSON.stringify({ pushToken: "ab".repeat(32) }),
  });
}

describe("what customers' phones may write is bounded (issue 10 §2, §4)", () => {
  it("keeps the newest 10 devices per pass and limits registrations per pass", async () => {
    const { cardId } = await enroll(server, key, server.seed.programId);
    const devices = Array.from({ length: MAX_REGISTRATIONS_PER_PASS + 2 }, (_, i) => `dev${i}x`);
    for (const device of devices) expect((await register(cardId, device)).status).toBe(201);
    const kept = await server.services.wallet.store.registrationsOf(cardId);
    expect(kept.map((r) => r.deviceLibraryId)).toEqual(devices.slice(2));
    const limited = await register(cardId, "one-more");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another pass has its own budget.
    const other = await enroll(server, key, server.seed.programId);
    expect((await register(other.cardId, "dev0x")).status).toBe(201);
  });

  it("limits the web service's writes per address, even with a wrong token", async () => {
    const attempts = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(`${server.url}/wallet/v1/log`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ logs: ["hello"] }),
        }),
      ),
    );
    // 14 of the address's 40 went to the registrations above.
    expect(attempts.filter((r) => r.status === 200)).toHaveLength(40 - 14);
    expect(attempts.filter((r) => r.status === 429)).toHaveLength(14);
    const forged = await fetch(
      `${server.url}/wallet/v1/devices/x/registrations/${PASS_TYPE}/${randomUUID()}`,
      { method: "POST", headers: { authorization: "ApplePass guess" }, body: "{}" },
    );
    expect(forged.status).toBe(429);
  });

  it("counts the web card's redeem and reveal against the same address budget", async () => {
    const { cardId } = await enroll(server, key, server.seed.programId);
    for (const action of ["redeem", "reveal"]) {
      const reply = await fetch(`${server.url}/c/${cardId}/vouchers/1/${action}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(reply.status).toBe(429);
    }
  });
});
