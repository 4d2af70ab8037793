import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pair, scanWithWedge, waitForWaiting, waitingCount } from "./support/app-page";
import { type ShopLan, startShopLan } from "./support/shop-lan";
import type { Merchant, StampServer } from "./support/stamp-server";

/**
 * The next `count` writes to the outbox fail as a full disk does in Chromium: the request throws a
 * `QuotaExceededError` DOMException and the transaction aborts. (Chromium's quota override, CDP
 * `Storage.overrideQuotaForOrigin`, does not make IndexedDB writes of a browser context fail.)
 */
function fillDisk(count: number): void {
  const global = window as unknown as { diskFullFor?: number };
  global.diskFullFor = count;
  const patched = IDBObjectStore.prototype as IDBObjectStore & { diskFull?: true };
  if (patched.diskFull) return;
  patched.diskFull = true;
  for (const method of ["add", "put"] as const) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: [unknown]) {
      if (this.name === "outbox" && (global.diskFullFor ?? 0) > 0) {
        global.diskFullFor = (global.diskFullFor ?? 0) - 1;
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      }
      return original.apply(this, args);
    } as typeof original;
  }
}

/**
 * A till whose disk is full when a scan's event is written: the cashier is told the stamp was not
 * saved and why, nothing is queued or shown as stamped; when folding the log makes room, the
 * write is made once more and the stamp is saved; the server holds exactly the saved stamps.
 */
describe("a till with a full disk loses no stamp silently", () => {
  let server: StampServer;
  let merchant: Merchant;
  let key: string;
  let card: { cardId: string; code: string };
  let lan: ShopLan;
  let context: BrowserContext;
  let page: Page;

  const status = () => page.getByTestId("autopilot-status");

  beforeAll(async () => {
    lan = await startShopLan();
    server = lan.server;
    merchant = await server.createMerchant("Full Disk Deli");
    key = await server.apiKey(merchant.merchantId);
    const [created, tillCode] = await Promise.all([
      server.createCard(key, merchant.programId),
      server.pairingCode(merchant.locationId),
    ]);
    card = created;
    context = await lan.browser.newContext({
      viewport: { width: 1024, height: 768 },
      locale: "en-US",
    });
    page = await context.newPage();
    await pair(page, lan.origin, tillCode);
    await page.locator('[data-testid="connection"].chip--ok').waitFor();
    await page.getByTestId("mode-autopilot").click();
    await status().waitFor();
  });

  afterAll(async () => {
    await lan?.stop();
  });

  it("says the stamp was not saved, and why, and queues nothing", async () => {
    await page.evaluate(fillDisk, Number.POSITIVE_INFINITY);
    await scanWithWedge(page, card.code);
    await page.locator('[data-testid="autopilot-status"][data-tone="error"]').waitFor();
    await expect(status().textContent()).resolves.toContain("Not saved");
    await expect(status().textContent()).resolves.toContain("storage is full");
    await expect(page.locator(".banner[role=alert]").textContent()).resolves.toContain(
      "storage is full",
    );
    expect(await waitingCount(page)).toBe(0);
    expect((await server.card(key, card.cardId)).stamps).toBe(0);
  });

  it("makes room by folding the log and saves the stamp; the server holds exactly that stamp", async () => {
    // Full for one more write: the one the scan tries first; after the fold there is room.
    await page.evaluate(fillDisk, 1);
    // The wedge ignores the same code within 2 s as a double trigger.
    await page.waitForTimeout(2_100);
    await scanWithWedge(page, card.code);
    await page.locator('[data-testid="autopilot-status"][data-tone="ok"]').waitFor();
    await expect.poll(() => page.locator(".banner[role=alert]").count()).toBe(0);
    expect(await page.evaluate(() => (window as { diskFullFor?: number }).diskFullFor)).toBe(0);
    await waitForWaiting(page, 0);
    await expect.poll(async () => (await server.card(key, card.cardId)).stamps).toBe(1);
  });
});
