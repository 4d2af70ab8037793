import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stampd } from "../test/spawn-server";

const dataDir = mkdtempSync(join(tmpdir(), "stamp-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("stampd names", () => {
  it("refuses a merchant name that hides or reorders text, and creates nothing (SPEC V6)", async () => {
    await expect(stampd(dataDir, ["create-merchant", "--name", "Shop \u202epoh"])).rejects.toThrow(
      /"code":"invalid-name".*direction overrides/,
    );
    const made = await stampd(dataDir, ["create-merchant", "--name", "Café Ökö"]);
    expect(made).toMatchObject({ merchantId: expect.any(String) });
    await expect(
      stampd(dataDir, ["api-key", "--merchant", String(made.merchantId), "--name", "POS\u0007"]),
    ).rejects.toThrow(/"code":"invalid-name"/);
    // Three CLI runs, each loading the TypeScript sources: ~10 s apiece on a loaded machine.
  }, 90_000);
});
