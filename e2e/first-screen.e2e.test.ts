import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./support/chromium";
import { type Merchant, StampServer } from "./support/stamp-server";

/**
 * Pairing is the one step that needs the network; the screen it opens must not. A till paired
 * the moment its page loaded (its service worker still installing, the mode's screen not yet
 * fetched) shows its screen while the server hangs right after answering the pairing: nothing a
 * cashier or customer sees waits on a request that may never be answered.
 */
describe("the screen a pairing opens", () => {
  let server: StampServer;
  let merchant: Merchant;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await StampServer.start();
    merchant = await server.createMerchant("Hung Bakery");
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 768 }, locale: "en-US" });
  });

  afterAll(async () => {
    server?.thaw();
    await browser?.close();
    await server?.stop();
  });

  it("shows the kiosk though the server hangs from the pairing's answer on", async () => {
    const code = await server.pairingCode(merchant.locationId);
    // The server freezes before the page reads its pairing's answer: whatever the page asks for
    // after it goes unanswered.
    let frozen = false;
    await page.route("**/api/v1/devices/pair", async (route) => {
      const response = await route.fetch();
      server.freeze();
      frozen = true;
      await route.fulfill({ response });
    });
    await page.goto(`${server.url}/app/`);
    await page.getByTestId("pair-code").fill(code);
    await page.locator(".mode-card", { hasText: "Kiosk" }).click();
    await page.getByTestId("pair-submit").click();
    try {
      const shown = await page
        .locator(".kiosk__headline")
        .waitFor({ timeout: 30_000 })
        .then(
          () => "the kiosk",
          async () => page.locator("body").innerText(),
        );
      expect(frozen).toBe(true);
      expect(shown).toBe("the kiosk");
    } finally {
      server.thaw();
    }
  });
});
