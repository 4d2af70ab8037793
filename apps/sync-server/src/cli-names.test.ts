import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { STAMPD_SOURCES, stampd } from "../test/spawn-server";

const dataDir = mkdtempSync(join(tmpdir(), "stamp-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// `npm run stampd` runs the sources (tsx), the other tests' processes the bundle: the first call
// here keeps the sources' entry tested (~30 s at load 15, twice the bundle's start).
const sources = (args: string[]) => stampd(dataDir, args, {}, STAMPD_SOURCES);

describe("stampd names", () => {
  it("refuses a merchant name that hides or reorders text, and creates nothing (SPEC V6)", async () => {
    await expect(sources(["create-merchant", "--name", "Shop \u202epoh"])).rejects.toThrow(
      /"code":"invalid-name".*direction overrides/,
    );
    const made = await stampd(dataDir, ["create-merchant", "--name", "Café Ökö"]);
    expect(made).toMatchObject({ merchantId: expect.any(String) });
    await expect(
      stampd(dataDir, ["api-key", "--merchant", String(made.merchantId), "--name", "POS\u0007"]),
    ).rejects.toThrow(/"code":"invalid-name"/);
  }, 90_000);
});
