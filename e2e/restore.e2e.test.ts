import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pair, waitForWaiting } from "./support/app-page";
import { launchChromium } from "./support/chromium";
import { type Merchant, StampServer } from "./support/stamp-server";

/**
 * The server is restored from a backup older than what a till sent: the till in real Chromium
 * is told its cursor is ahead, queues its own events again and sends them, and the server ends
 * with every stamp exactly once.
 */
describe("a till after the server was restored from a backup", () => {
  let server: StampServer;
  let merchant: Merchant;
  let apiKey: string;
  let card: { cardId: string; code: string };
  let browser: Browser;
  let page: Page;

  const lifetime = async () => (await server.card(apiKey, card.cardId)).lifetimeStamps;
  const stampOnce = async (expected: number) => {
    await page.getByTestId("add-stamps").click();
    await page.locator(`[data-testid="card-count"][data-stamps="${expected}"]`).waitFor();
  };

  beforeAll(async () => {
    server = await StampServer.start();
    merchant = await server.createMerchant("Crumbs");
    apiKey = await server.apiKey(merchant.merchantId);
    card = await server.createCard(apiKey, merchant.programId);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("re-sends what the backup lacks, and the server holds every stamp once", async () => {
    await pair(page, server.url, await server.pairingCode(merchant.locationId));
    await page.getByTestId("manual-code").fill(card.code);
    await page.getByTestId("manual-code").press("Enter");
    await page.getByTestId("card-panel").waitFor();
    await stampOnce(1);
    await waitForWaiting(page, 0);
    await expect.poll(lifetime).toBe(1);

    const backup = join(server.dataDir, "backups", "before-the-rush.db");
    await server.cli("backup", "--out", backup);
    await stampOnce(2);
    await stampOnce(3);
    await waitForWaiting(page, 0);
    await expect.poll(lifetime).toBe(3);

    // The disk is rolled back to the backup: the server knows one stamp.
    await server.restart(async () => {
      await server.cli("restore", "--from", backup);
    });
    expect(await lifetime()).toBe(1);

    // The cashier carries on; the till's next sync meets the restored server.
    await stampOnce(4);
    await waitForWaiting(page, 0, 60_000);
    await expect.poll(lifetime, { timeout: 30_000 }).toBe(4);
    await expect(page.locator('[data-testid="card-count"][data-stamps="4"]').count()).resolves.toBe(
      1,
    );
    expect(await page.getByTestId("rejected").count()).toBe(0);
  });
});
