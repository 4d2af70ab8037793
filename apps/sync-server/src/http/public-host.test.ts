import { afterAll, describe, expect, it } from "vitest";
import { call } from "../../test/fixtures";
import { roomyRateLimits, startTestServer } from "../../test/test-server";
import { ProxyTrust } from "./proxy-trust";
import { TokenBuckets } from "./token-bucket";

/** Two wrong pairing codes allowed per address, then 429: shows which address the server saw. */
const limits = () => ({ ...roomyRateLimits(), pairing: new TokenBuckets(2, 0.0001) });
const wrongPairing = (server: { url: string }, headers: Record<string, string>) =>
  call(server, "POST", "/api/v1/devices/pair", {
    body: { code: "ZZZZ-ZZZZ", name: "Till" },
    headers,
  }).then((reply) => (reply.status === 429 ? "limited" : reply.status >= 400 ? "refused" : "ok"));

// Behind Caddy: PUBLIC_URL is https, the proxy on this machine is trusted.
const proxied = await startTestServer({
  publicUrl: "https://stamp.example",
  trustProxy: new ProxyTrust(["loopback"]),
  limits: limits(),
});
// Reached directly over plain HTTP: forwarded headers are a client's claims, ignored.
const direct = await startTestServer({ publicUrl: "http://till.example:8787", limits: limits() });
afterAll(() => Promise.all([proxied.close(), direct.close()]));

const loginCookie = async (server: { url: string }, headers: Record<string, string> = {}) =>
  (await fetch(`${server.url}/admin/login`, { headers })).headers.get("set-cookie") ?? "";

describe("a public host behind a reverse proxy", () => {
  it("has no local CA: the proxy holds a real certificate", async () => {
    expect(proxied.lan).toBeNull();
    expect((await call(proxied, "GET", "/setup/local-ca.crt")).status).toBe(404);
    const setup = await call(proxied, "GET", "/setup");
    expect(setup.text).toContain("https://stamp.example/app/");
    expect(setup.text).not.toContain("local-ca.crt");
  });

  it("sends HSTS and Secure cookies", async () => {
    const reply = await call(proxied, "GET", "/healthz");
    expect(reply.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(await loginCookie(proxied)).toMatch(/; Secure/);
  });

  it("takes the client's address from the trusted proxy's X-Forwarded-For", async () => {
    const from = (address: string) => ({ "x-forwarded-for": `198.51.100.9, ${address}` });
    expect(await wrongPairing(proxied, from("203.0.113.1"))).toBe("refused");
    expect(await wrongPairing(proxied, from("203.0.113.1"))).toBe("refused");
    expect(await wrongPairing(proxied, from("203.0.113.1"))).toBe("limited");
    // Another customer behind the same proxy is not held back by the first one's failures.
    expect(await wrongPairing(proxied, from("203.0.113.2"))).toBe("refused");
  });
});

describe("without TRUST_PROXY", () => {
  it("ignores X-Forwarded-Proto and X-Forwarded-For", async () => {
    expect(await loginCookie(direct, { "x-forwarded-proto": "https" })).not.toMatch(/Secure/);
    const reply = await call(direct, "GET", "/healthz");
    expect(reply.headers.get("strict-transport-security")).toBeNull();
    for (const address of ["203.0.113.1", "203.0.113.2"])
      expect(await wrongPairing(direct, { "x-forwarded-for": address })).toBe("refused");
    expect(await wrongPairing(direct, { "x-forwarded-for": "203.0.113.3" })).toBe("limited");
  });

  it("still points links at its own HTTPS, at the host PUBLIC_URL names", () => {
    expect(direct.services.publicUrl).toBe(`https://till.example:${direct.lan?.port}`);
  });
});
