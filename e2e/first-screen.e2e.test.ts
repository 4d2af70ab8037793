import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ShopLan, startShopLan } from "./support/shop-lan";
import type { Merchant, StampServer } from "./support/stamp-server";

/**
 * Pairing is the one step that needs the network; the screen it opens must not. A till paired
 * the moment its page loaded (its service worker still installing, the mode's screen not yet
 * fetched) shows its screen while the server hangs right after answering the pairing: nothing a
 * cashier or customer sees waits on a request that may never be answered. The till opens the
 * shop's HTTPS origin, as a tablet on the Wi-Fi does: its service worker is installed and
 * registered there as in a shop, not under localhost's exemptions.
 */
describe("the screen a pairing opens", () => {
  let lan: ShopLan;
  let server: StampServer;
  let merchant: Merchant;
  let page: Page;

  beforeAll(async () => {
    lan = await startShopLan();
    server = lan.server;
    merchant = await server.createMerchant("Hung Bakery");
    page = await lan.browser.newPage({ viewport: { width: 1024, height: 768 }, locale: "en-US" });
  });

  afterAll(async () => {
    server?.thaw();
    await lan?.stop();
  });

  it("shows the kiosk though the server hangs from the pairing's answer on", async () => {
    const code = await server.pairingCode(merchant.locationId);
    // The server freezes before the page reads its pairing's answer: whatever the page asks for
    // after it goes unanswered. The test's side of the route cannot resolve the shop's host name
    // (only the tablet's browser is set up for it), so it sends the pairing to the same server's
    // loopback address.
    let frozen = false;
    await page.route("**/api/v1/devices/pair", async (route) => {
      const response = await route.fetch({ url: `${server.url}/api/v1/devices/pair` });
      server.freeze();
      frozen = true;
      await route.fulfill({ response });
    });
    await page.goto(`${lan.origin}/app/`);
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
