import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  roomyRateLimits,
  startTestServer,
  type TestServer,
} from "../../test/test-server";
import type { RateLimiter } from "../http/rate-limiter";
import { defaultRateLimits } from "../open-services";

// The test's requests come from the loopback address: the bucket the route takes from.
const CLIENT = "127.0.0.1";

describe.each(DATABASES)("POST /mail/bounces is rate limited per address (%s)", (database) => {
  let server: TestServer;
  let clock = Date.parse("2026-12-06T03:00:00Z");
  // The server's own default limiter, built on its storage once that is open (shared through the
  // database on PostgreSQL, as every instance builds it).
  let limiter: RateLimiter | undefined;
  const route = () => {
    if (!limiter) throw new Error("the server is not open yet");
    return limiter;
  };
  const mailBounces: RateLimiter = {
    capacity: 0,
    refillPerSecond: 0,
    take: (key, nowMs) => route().take(key, nowMs),
    refund: (key, nowMs) => route().refund(key, nowMs),
  };

  beforeAll(async () => {
    server = await startTestServer({
      database,
      mailBounceAddress: "bounces@stamp.test",
      now: () => clock,
      limits: { ...roomyRateLimits(), mailBounces },
    });
    limiter = defaultRateLimits(server.services.storage.limits).mailBounces;
  });
  afterAll(async () => {
    await server.close();
  });

  const post = () =>
    fetch(`${server.url}/mail/bounces`, {
      method: "POST",
      headers: { "content-type": "message/rfc822" },
      body: "From: MAILER-DAEMON@mx.example.org\r\nSubject: Out of office\r\n\r\nBack Monday.\r\n",
    });

  it("answers 429 with Retry-After once the address used its bucket, then lets bounces in again", async () => {
    expect((await post()).status).toBe(202);
    // Another limiter of the same name (another instance's, on PostgreSQL) drains the bucket.
    const other = defaultRateLimits(server.services.storage.limits).mailBounces;
    while ((await other.take(CLIENT, clock)).ok);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate-limited");
    // A second later the mail server's queue hands the bounce over again, and it is taken.
    clock += 1000;
    const again = await post();
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ stopped: false });
  });
});
