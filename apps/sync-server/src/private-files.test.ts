import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestServer } from "../test/test-server";
import { privateDir, privateFile, writePrivateFile } from "./private-files";

const mode = (path: string) => statSync(path).mode & 0o777;

/** Every folder and file under `root`, with its mode. */
function modes(root: string): Map<string, number> {
  const found = new Map<string, number>([[".", mode(root)]]);
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      found.set(`${prefix}${entry.name}`, mode(path));
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
    }
  };
  walk(root, "");
  return found;
}

let umask: number;
let scratch: string;
beforeEach(() => {
  // The loosest umask there is: modes must not depend on it.
  umask = process.umask(0o000);
  scratch = mkdtempSync(join(tmpdir(), "stamp-modes-"));
});
afterEach(() => {
  process.umask(umask);
  rmSync(scratch, { recursive: true, force: true });
});

describe("files in DATA_DIR are the server's alone", () => {
  it("makes folders 0700 and files 0600, also ones that existed with other modes", () => {
    const dir = join(scratch, "made-by-hand");
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    privateDir(dir);
    expect(mode(dir)).toBe(0o700);
    const file = join(dir, "old.db");
    writeFileSync(file, "", { mode: 0o644 });
    privateFile(file);
    expect(mode(file)).toBe(0o600);
    const secret = join(scratch, "fresh", "nested", "key");
    expect(writePrivateFile(secret, "k")).toBe(true);
    expect(mode(join(scratch, "fresh"))).toBe(0o700);
    expect(mode(secret)).toBe(0o600);
    expect(writePrivateFile(secret, "other", { onlyIfMissing: true })).toBe(false);
  });

  it("starts a server whose database, WAL, secrets and certificates are 0600 in 0700 folders", async () => {
    const server = await startTestServer();
    try {
      const found = modes(server.dataDir);
      expect([...found.keys()]).toEqual(
        expect.arrayContaining(["stamp.db", "stamp.db-wal", "secrets", "certs"]),
      );
      for (const [path, m] of found)
        expect
          .soft(m, path)
          .toBe(statSync(join(server.dataDir, path)).isDirectory() ? 0o700 : 0o600);
    } finally {
      await server.close();
    }
  });
});
