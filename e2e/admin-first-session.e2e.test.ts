import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./support/chromium";
import { type Merchant, StampServer } from "./support/stamp-server";

const EMAIL = "owner@olive.test";
const PASSWORD = "olive-password-1";

/**
 * §4 of issue 12, in a real browser: the program editor's live preview (the page's own script
 * under the admin's CSP) and a destructive action that asks first.
 */
describe("the merchant's first session in the admin", () => {
  let server: StampServer;
  let merchant: Merchant;
  let browser: Browser;

  beforeAll(async () => {
    server = await StampServer.start();
    merchant = await server.createMerchant("Café Olive");
    await server.createAdmin(merchant.merchantId, EMAIL, PASSWORD);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const signedIn = async (viewport: { width: number; height: number }) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await page.goto(`${server.url}/admin/login`);
    await page.getByLabel("E-mail").fill(EMAIL);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${server.url}/admin`);
    return { page, refused };
  };

  const previewLabel = (page: Page) =>
    page.getByTestId("live-preview").locator("svg").first().getAttribute("aria-label");

  it("redraws the pass as the merchant types, and keeps the last drawing while a field does not read", async () => {
    const { page, refused } = await signedIn({ width: 1280, height: 900 });
    try {
      await page.goto(`${server.url}/admin/programs/${merchant.programId}`);
      await page.getByLabel("Card name").fill("Olive tea club");
      await expect
        .poll(() => previewLabel(page), { timeout: 15_000 })
        .toBe("Café Olive: Olive tea club");
      await page.getByLabel("Background colour").fill("#224466");
      await expect
        .poll(() => page.getByTestId("live-preview").locator('rect[fill="#224466"]').count(), {
          timeout: 15_000,
        })
        .toBeGreaterThan(0);

      await page.getByLabel("Stamps to the reward").fill("many");
      await expect
        .poll(() => page.getByTestId("live-preview").getAttribute("data-preview-stale"), {
          timeout: 15_000,
        })
        .toBe("");
      expect(await page.getByText("The preview waits until the fields").isVisible()).toBe(true);
      expect(await previewLabel(page)).toBe("Café Olive: Olive tea club");
      expect(refused).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it("asks before revoking an API key, on a phone", async () => {
    const { page } = await signedIn({ width: 360, height: 740 });
    try {
      await page.goto(`${server.url}/admin/api-keys`);
      await page.getByLabel("Name").fill("Till POS");
      await page.getByRole("button", { name: "Create key" }).click();
      await page.getByRole("button", { name: "Revoke" }).first().click();
      await page.getByRole("heading", { name: "Revoke the key “Till POS”?" }).waitFor();
      await page.getByRole("link", { name: "Cancel" }).click();
      await page.waitForURL(`${server.url}/admin/api-keys`);
      expect(await page.getByText("Revoked").count()).toBe(0);
      await page.getByRole("button", { name: "Revoke" }).first().click();
      await page.getByTestId("confirm-yes").click();
      await page.getByText("The key was revoked.").waitFor();
    } finally {
      await page.context().close();
    }
  });
});
