import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A HOME whose NSS database trusts one CA for websites, as a device does once its owner installed
 * the shop's certificate: Chromium on Linux reads `$HOME/.pki/nssdb` (certutil, libnss3-tools).
 */
export async function homeTrusting(caPemFile: string): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), "stamp-device-"));
  const db = join(home, ".pki", "nssdb");
  mkdirSync(db, { recursive: true });
  await run("certutil", ["-N", "-d", `sql:${db}`, "--empty-password"]);
  await run("certutil", [
    "-A",
    "-d",
    `sql:${db}`,
    "-n",
    "Stamp test CA",
    "-t",
    "C,,",
    "-i",
    caPemFile,
  ]);
  return home;
}
