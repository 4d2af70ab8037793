import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { call } from "../test/fixtures";
import { buildBundle, STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";

const dataDir = mkdtempSync(join(tmpdir(), "stamp-bundle-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the bundle npm start runs", () => {
  it("starts on a fresh data dir and finds its migrations, stylesheets and the kiosk", async () => {
    buildBundle();
    const server = await spawnServer(dataDir, {}, STAMPD_BUNDLE);
    try {
      expect(server.summary.firstStart).not.toBeNull();
      expect((await call(server, "GET", "/healthz")).json).toEqual({ ok: true });
      // Read at run time from the package folder, not from beside the bundle.
      const login = await call(server, "GET", "/admin/login");
      expect(login.status).toBe(200);
      const sheet = /href="(\/assets\/[^"]+\.css)"/.exec(login.text)?.[1];
      expect(sheet).toBeDefined();
      const css = await call(server, "GET", sheet as string);
      expect(css.status).toBe(200);
      expect(css.text.length).toBeGreaterThan(1000);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it("loads the libraries a server that only syncs tills never needs with their first use", () => {
    buildBundle();
    // What the bundle imports at its top loads with the server; the rest is `import()`ed.
    const loaded = [
      ...readFileSync(STAMPD_BUNDLE, "utf8").matchAll(/^import\s(?:[^;]*?\sfrom\s)?"([^"]+)";$/gm),
    ].map(([, name]) => name);
    expect(loaded).toContain("better-sqlite3");
    const firstUse = [
      "passkit-generator",
      "@peculiar/x509",
      "@peculiar/asn1-cms",
      "asn1js",
      "reflect-metadata",
      "yazl",
      "bwip-js/node",
      "nodemailer",
      "plist",
      "sharp",
    ];
    for (const library of firstUse) expect(loaded).not.toContain(library);
  });
});
