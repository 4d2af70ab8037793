import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./support/chromium";
import { type Merchant, StampServer } from "./support/stamp-server";

/**
 * The customer's path from the join QR: enrol on the join page, download the Apple pass, keep the
 * web card open while the till stamps through the POS API, and see the card follow.
 */
describe("join page → card → pass → live stamp", () => {
  let server: StampServer;
  let merchant: Merchant & { joinUrl: string };
  let apiKey: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await StampServer.start();
    merchant = await server.cli<Merchant & { joinUrl: string }>(
      "create-merchant",
      "--name",
      "Wallet Café",
    );
    apiKey = await server.apiKey(merchant.merchantId);
    browser = await launchChromium();
    const context = await browser.newContext({ acceptDownloads: true, locale: "en-US" });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("enrols from the join page and lands on the web card", async () => {
    await page.goto(merchant.joinUrl);
    await page.getByText("About you (optional)").click();
    await page.getByLabel("Name").fill("Grace");
    await page.getByLabel(/I agree that Wallet Café keeps these details/).check();
    await page.getByRole("button", { name: "Get my card" }).click();
    await page.waitForURL(/\/c\/[0-9a-f-]{36}\?lang=en$/);
    await expect(page.getByTestId("progress").textContent()).resolves.toBe("0 of 10 stamps");
  });

  it("downloads the Apple pass as a pkpass zip", async () => {
    const link = page.getByRole("link", { name: /Apple Wallet/ });
    const href = (await link.getAttribute("href")) ?? "";
    const response = await page.request.get(href);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/vnd.apple.pkpass");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const path = await download.path();
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 4).toString("binary")).toBe("PK\x03\x04");
    expect(download.suggestedFilename()).toMatch(/\.pkpass$/);
  });

  it("updates the open card page after a stamp through the API", async () => {
    const cardId = /\/c\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? "";
    const stamped = await fetch(`${server.url}/api/v1/stamps`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${apiKey}`,
        "content-type": "application/json",
        "idempotency-key": randomUUID(),
      },
      body: JSON.stringify({ card: cardId }),
    });
    expect(stamped.status).toBe(200);
    await page
      .getByTestId("progress")
      .filter({ hasText: "1 of 10 stamps" })
      .waitFor({ timeout: 30_000 });
  });
});
