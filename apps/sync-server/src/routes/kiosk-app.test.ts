import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/test-server";

let dist: string;
let built: TestServer;
let unbuilt: TestServer;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), "kiosk-dist-"));
  mkdirSync(join(dist, "assets"));
  writeFileSync(join(dist, "index.html"), "<!doctype html><title>Kiosk</title>");
  writeFileSync(join(dist, "sw.js"), "self.addEventListener('fetch', () => {});");
  writeFileSync(join(dist, "manifest.webmanifest"), '{"name":"Stamp"}');
  writeFileSync(join(dist, "assets", "index-3f2a1b.js"), "console.log('app')");
  built = await startTestServer({ kioskDist: dist });
  unbuilt = await startTestServer();
});
afterAll(async () => {
  await built.close();
  await unbuilt.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (server: TestServer, path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers, redirect: "manual" });

describe("kiosk PWA hosting at /app/", () => {
  it("serves index.html, the service worker and the manifest uncached", async () => {
    for (const [path, type] of [
      ["/app/", "text/html; charset=utf-8"],
      ["/app/sw.js", "text/javascript; charset=utf-8"],
      ["/app/manifest.webmanifest", "application/manifest+json"],
    ] as const) {
      const reply = await get(built, path);
      expect(reply.status).toBe(200);
      expect(reply.headers.get("content-type")).toBe(type);
      expect(reply.headers.get("cache-control")).toBe("no-cache");
    }
  });

  it("caches hashed assets for good and revalidates with ETags", async () => {
    const reply = await get(built, "/app/assets/index-3f2a1b.js");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const etag = reply.headers.get("etag") ?? "";
    expect((await get(built, "/app/sw.js", { "if-none-match": "nope" })).status).toBe(200);
    expect(
      (await get(built, "/app/assets/index-3f2a1b.js", { "if-none-match": etag })).status,
    ).toBe(304);
  });

  it("falls back to index.html for app routes, not for missing files or escapes", async () => {
    const route = await get(built, "/app/kiosk/attract");
    expect(route.status).toBe(200);
    expect(await route.text()).toContain("<title>Kiosk</title>");
    expect((await get(built, "/app/assets/missing-000.js")).status).toBe(404);
    expect((await get(built, "/app/..%2f..%2fsecrets%2fdevice-token.key")).status).toBe(404);
    const bare = await get(built, "/app");
    expect(bare.status).toBe(301);
    expect(bare.headers.get("location")).toBe("/app/");
  });

  it("explains how to build the app when dist is missing", async () => {
    const reply = await get(unbuilt, "/app/");
    expect(reply.status).toBe(503);
    expect(await reply.text()).toContain("npm run build -w apps/kiosk");
  });
});
