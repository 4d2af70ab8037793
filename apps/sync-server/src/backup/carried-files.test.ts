import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writePrivateFile } from "../private-files";
import { CardCodeKeys } from "../secrets/card-code-keys";
import { dataDirSecrets } from "../secrets/data-dir-secrets";
import { isCarriedPath, readCarriedFiles, restoreCarriedFiles } from "./carried-files";

const root = mkdtempSync(join(tmpdir(), "stamp-carried-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const MERCHANT = "0190a000-0000-4000-8000-00000000000a";

describe("files a backup carries", () => {
  it("are the files under secrets/ and certs/, nothing else, no write in progress", () => {
    const dataDir = join(root, "read");
    writePrivateFile(join(dataDir, "secrets", "device-token.key"), "key");
    writePrivateFile(join(dataDir, "secrets", "card-codes", `${MERCHANT}.json`), "{}");
    writePrivateFile(join(dataDir, "certs", "local-ca.pem"), "ca");
    writePrivateFile(join(dataDir, "certs", "local-ca.pem.4242.tmp"), "half");
    writePrivateFile(join(dataDir, "stamp.db"), "db");
    writePrivateFile(join(dataDir, "backups", "daily-20261201T030000Z.db"), "old");
    expect(readCarriedFiles(dataDir).map((file) => file.path)).toEqual([
      "certs/local-ca.pem",
      `secrets/card-codes/${MERCHANT}.json`,
      "secrets/device-token.key",
    ]);
    expect(readCarriedFiles(join(root, "empty"))).toEqual([]);
  });

  it("are written back only inside those folders", () => {
    expect(isCarriedPath("secrets/device-token.key")).toBe(true);
    expect(isCarriedPath("certs/https.pem")).toBe(true);
    for (const path of [
      "stamp.db",
      "secrets",
      "/etc/passwd",
      "secrets/../stamp.db",
      "certs/./x",
      "secrets/.hidden",
      "secrets//x",
      "backups/x.db",
      "secrets\\..\\x",
    ])
      expect(isCarriedPath(path), path).toBe(false);
    expect(() =>
      restoreCarriedFiles(join(root, "evil"), [{ path: "../x", content: Buffer.from("") }]),
    ).toThrow();
  });

  it("are put back 0600; card-code keys are merged, so no code either signed stops verifying", async () => {
    const dataDir = join(root, "restore");
    const keys = new CardCodeKeys(dataDirSecrets(join(dataDir, "secrets")));
    await keys.create(MERCHANT, new Date("2026-11-01T00:00:00Z"));
    const [backedUp] = readCarriedFiles(dataDir);
    if (!backedUp) throw new Error("no key file");
    // After the backup: a rotation made a second key.
    const rotated = await keys.rotate(MERCHANT, new Date("2026-12-01T00:00:00Z"));
    restoreCarriedFiles(dataDir, [
      backedUp,
      { path: "secrets/device-token.key", content: Buffer.from("restored") },
    ]);
    const file = join(dataDir, "secrets", "card-codes", `${MERCHANT}.json`);
    const merged = JSON.parse(readFileSync(file, "utf8")) as {
      keys: { kid: string; retiredAt: string | null }[];
    };
    expect(merged.keys).toHaveLength(2);
    // The rotation still holds: the old key retired, the newer one signs.
    expect(merged.keys.map((key) => [key.kid, key.retiredAt])).toEqual([
      [expect.any(String), "2026-12-01T00:00:00.000Z"],
      [rotated, null],
    ]);
    expect(readFileSync(join(dataDir, "secrets", "device-token.key"), "utf8")).toBe("restored");
    expect(statSync(join(dataDir, "secrets", "device-token.key")).mode & 0o777).toBe(0o600);
  });
});
