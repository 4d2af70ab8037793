import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
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
    // What the bundle and the chunks it imports import at their top load with the server; the
    // rest is `import()`ed (the PostgreSQL storage is a chunk of its own, loaded only with it).
    const loaded = new Set<string>();
    const read = (file: string) => {
      const text = readFileSync(new URL(file, pathToFileURL(STAMPD_BUNDLE)), "utf8");
      for (const [, name] of text.matchAll(/^import\s(?:[^;]*?\sfrom\s)?"([^"]+)";$/gm))
        if (name && !loaded.has(name)) {
          loaded.add(name);
          if (name.startsWith("./")) read(name);
        }
    };
    read(STAMPD_BUNDLE);
    expect(loaded).toContain("better-sqlite3");
    expect(loaded).toContain("drizzle-orm/better-sqlite3");
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
      "pg",
      "drizzle-orm/node-postgres",
      "drizzle-orm/node-postgres/migrator",
      "drizzle-orm/pg-core",
      "@xmldom/xmldom",
    ];
    for (const library of firstUse) expect(loaded).not.toContain(library);
  });
});
