import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { apiKey, call, enroll, pairingCode } from "../../test/fixtures";
import { roomyRateLimits, startTestServer, type TestServer } from "../../test/test-server";
import { TokenBuckets } from "./token-bucket";

/**
 * Limits on failures are charged before the attempt and refunded when it succeeds: a burst of
 * guesses sent all at once is cut off at the limit, exactly like guesses sent one by one.
 */
const BURST = 80;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    limits: {
      ...roomyRateLimits(),
      login: new TokenBuckets(10, 0.001),
      pairing: new TokenBuckets(10, 0.001),
      claim: new TokenBuckets(20, 0.001),
    },
  });
});
afterAll(() => server.close());

const statuses = (replies: readonly { status: number }[]) => {
  const counts = new Map<number, number>();
  for (const { status } of replies) counts.set(status, (counts.get(status) ?? 0) + 1);
  return counts;
};

describe("limits under a burst of parallel requests", () => {
  it(`tries at most 10 of ${BURST} parallel admin logins, the right password among them`, async () => {
    const browser = new AdminBrowser(server);
    const csrf = AdminBrowser.csrf((await browser.get("/admin/login")).html);
    const replies = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        browser.post("/admin/login", {
          email: server.seed.adminEmail,
          password: i === BURST / 2 ? server.seed.adminPassword : `wrong password ${i}`,
          _csrf: csrf,
        }),
      ),
    );
    const counts = statuses(replies);
    // Tried: refused passwords (401) and at most one sign-in (303).
    expect((counts.get(401) ?? 0) + (counts.get(303) ?? 0)).toBeLessThanOrEqual(10);
    expect(counts.get(429) ?? 0).toBeGreaterThanOrEqual(BURST - 10);
    // Single requests afterwards are refused too, even with the right password.
    const single = await browser.post("/admin/login", {
      email: server.seed.adminEmail,
      password: server.seed.adminPassword,
      _csrf: csrf,
    });
    expect(single.status).toBe(429);
  });

  it(`tries at most 10 of ${BURST} parallel pairing guesses`, async () => {
    const replies = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        call(server, "POST", "/api/v1/devices/pair", {
          body: { code: `WRONG${String(i).padStart(3, "2")}`, name: "t", mode: "kiosk" },
        }),
      ),
    );
    const counts = statuses(replies);
    expect(counts.get(404) ?? 0).toBeLessThanOrEqual(10);
    expect(counts.get(429) ?? 0).toBeGreaterThanOrEqual(BURST - 10);
    const real = await call(server, "POST", "/api/v1/devices/pair", {
      body: { code: await pairingCode(server, server.seed), name: "t", mode: "kiosk" },
    });
    expect(real.status).toBe(429);
  });

  it(`tries at most 20 of ${BURST} parallel card guesses on a receipt`, async () => {
    const key = await apiKey(server, server.seed);
    const card = await enroll(server, key, server.seed.programId);
    const receipt = await call(server, "POST", "/api/v1/receipts", { token: key, body: {} });
    expect(receipt.status).toBe(201);
    const path = new URL(receipt.json.url).pathname;
    const claim = (cardCode: string) =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ card: cardCode }).toString(),
      });
    const replies = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        claim(`00000000-0000-4000-8000-${String(i).padStart(12, "0")}`),
      ),
    );
    const counts = statuses(replies);
    expect(counts.get(422) ?? 0).toBeLessThanOrEqual(20);
    expect(counts.get(429) ?? 0).toBeGreaterThanOrEqual(BURST - 20);
    // The receipt is still there for its customer once the guessing stops (a refill is a wait).
    expect((await claim(card.code)).status).toBe(429);
  });
});
