import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { apiKey, enroll } from "../../test/fixtures";
import { startTestServer, type TestServer } from "../../test/test-server";
import { STYLESHEET } from "../pages/stylesheet";

let server: TestServer;
let admin: AdminBrowser;
let cardId: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await AdminBrowser.signedIn(server);
  cardId = (await enroll(server, await apiKey(server, server.seed), server.seed.programId)).cardId;
});
afterAll(() => server.close());

const request = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { redirect: "manual", ...init });

describe("response headers", () => {
  it("send X-Content-Type-Options: nosniff on every kind of response, JSON and errors too", async () => {
    const json = { "content-type": "application/json" };
    const responses = await Promise.all([
      request("/healthz"),
      request("/api/v1/nothing-here"),
      request("/api/v1/sync", { method: "POST", headers: json, body: "{}" }),
      request("/api/v1/devices/pair", { method: "POST", headers: json, body: "[" }),
      request("/api/v1/devices/pair", { method: "POST", headers: json, body: "x".repeat(70_000) }),
      request("/admin/login"),
      request("/admin"),
      request("/nothing-here"),
      request(`/join/${server.seed.programSlug}`),
      request(`/c/${cardId}`),
      request(`/c/${cardId}/state`),
      request(`/c/${cardId}/manifest.webmanifest`),
      request("/c/sw.js"),
      request(`/passes/${cardId}.pkpass`),
      request(STYLESHEET.href),
      request("/app/"),
      request("/r/no-such-receipt-token-here"),
      request("/wallet/v1/devices/abc/registrations/pass.dev.stamp.loyalty"),
      request("/wallet/v1/log", { method: "POST", headers: json, body: '{"logs":[]}' }),
    ]);
    for (const response of responses) {
      expect
        .soft(response.headers.get("x-content-type-options"), `${response.url} ${response.status}`)
        .toBe("nosniff");
      await response.arrayBuffer();
    }
  });

  it("send the SVG join poster with a policy that lets it run nothing and load nothing", async () => {
    const response = await admin.get(`/admin/programs/${server.seed.programId}/poster.svg`);
    expect(response.status).toBe(200);
    const raw = await request(`/admin/programs/${server.seed.programId}/poster.svg`, {
      headers: { cookie: `stamp_session=${admin.cookie("stamp_session")}` },
    });
    expect(raw.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    const policy = raw.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("sandbox");
    expect(policy).not.toMatch(/script-src/);
    expect(raw.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
