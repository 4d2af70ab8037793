import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pair, scanWithWedge, waitForWaiting } from "./support/app-page";
import { launchChromium } from "./support/chromium";
import { type Merchant, StampServer } from "./support/stamp-server";

describe("a till whose clock is wrong loses no stamp (stamp-core SPEC H5, H6)", () => {
  let server: StampServer;
  let merchant: Merchant;
  let apiKey: string;
  let card: { cardId: string; code: string };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await StampServer.start();
    merchant = await server.createMerchant("Clockwork Café");
    apiKey = await server.apiKey(merchant.merchantId);
    card = await server.createCard(apiKey, merchant.programId);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    // The tablet's wall clock, set wrong by `setDeviceClock`: only the date moves, the page's
    // timers run as they do (Playwright's clock would hold those too).
    await context.addInitScript(() => {
      const RealDate = Date;
      const shifted = () => RealDate.now() + Number(localStorage.getItem("e2e-clock-offset") ?? 0);
      class DeviceDate extends RealDate {
        constructor(...args: unknown[]) {
          if (args.length === 0) super(shifted());
          else super(...(args as [number]));
        }
        static override now(): number {
          return shifted();
        }
      }
      globalThis.Date = DeviceDate as DateConstructor;
    });
    page = await context.newPage();
    await pair(page, server.url, await server.pairingCode(merchant.locationId));
    await page.getByTestId("mode-autopilot").click();
    await page.getByTestId("autopilot-status").waitFor();
  });

  /** Sets the tablet's date and time (as its owner would in Settings). */
  const setDeviceClock = (atMs: number) =>
    page.evaluate(
      (offset) => localStorage.setItem("e2e-clock-offset", String(offset)),
      atMs - Date.now(),
    );

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("with the date set to 2099, the server refuses the stamp; the till keeps it and says why", async () => {
    await setDeviceClock(Date.parse("2099-01-01T12:00:00.000Z"));
    await scanWithWedge(page, card.code);
    await page.locator('[data-testid="autopilot-status"][data-tone="ok"]').waitFor();
    await page.getByTestId("clock-wrong").waitFor({ timeout: 30_000 });
    await waitForWaiting(page, 0);
    await expect(server.card(apiKey, card.cardId)).resolves.toMatchObject({ lifetimeStamps: 0 });
    expect(await page.getByTestId("rejected").count()).toBe(0);
  });

  it("once the date is right, the next sync sends it anew: the server holds it exactly once", async () => {
    await setDeviceClock(Date.now());
    // Coming back online starts a sync run (the till's own trigger).
    await context.setOffline(true);
    await context.setOffline(false);
    await page.getByTestId("clock-wrong").waitFor({ state: "detached", timeout: 30_000 });
    await waitForWaiting(page, 0);
    await expect
      .poll(() => server.card(apiKey, card.cardId).then((c) => c.lifetimeStamps), {
        timeout: 30_000,
      })
      .toBe(1);
  });
});
