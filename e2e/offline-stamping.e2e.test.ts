import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pair, scanWithWedge, waitForWaiting, waitingCount } from "./support/app-page";
import { type ShopLan, startShopLan } from "./support/shop-lan";
import type { Merchant, StampServer } from "./support/stamp-server";
import { writeQrVideo } from "./support/y4m";

interface Card {
  readonly cardId: string;
  readonly code: string;
}

/** The code with one signature character changed: well-formed, signed by nobody. */
function forge(code: string): string {
  // A compact code (stamp-core K7): one signature character changed.
  if (!code.includes("."))
    return `${code.slice(0, 100)}${code[100] === "A" ? "B" : "A"}${code.slice(101)}`;
  const parts = code.split(".");
  const signature = parts[3] ?? "";
  parts[3] = `${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
  return parts.join(".");
}

describe("a paired till keeps stamping offline and loses nothing", () => {
  let server: StampServer;
  let merchant: Merchant;
  let apiKey: string;
  let autopilotCard: Card;
  let secondCard: Card;
  let typedCard: Card;
  let cameraCard: Card;
  let videoDir: string;
  let lan: ShopLan;
  let context: BrowserContext;
  let page: Page;

  const autopilotStatus = () => page.getByTestId("autopilot-status");
  const scanCount = () => page.locator('[data-testid="scan-list"] li').count();

  beforeAll(async () => {
    // Chromium's fake camera plays this video: the staff card's real QR code.
    videoDir = mkdtempSync(join(tmpdir(), "stamp-video-"));
    const video = join(videoDir, "card.y4m");
    // The till is a tablet on the shop's Wi-Fi: its service worker and camera need the server's
    // trusted HTTPS there (localhost would be a secure context without it).
    lan = await startShopLan({ video });
    server = lan.server;
    merchant = await server.createMerchant("Bean There");
    apiKey = await server.apiKey(merchant.merchantId);
    const enroll = () => server.createCard(apiKey, merchant.programId);
    [autopilotCard, secondCard, typedCard, cameraCard] = await Promise.all([
      enroll(),
      enroll(),
      enroll(),
      enroll(),
    ]);
    writeQrVideo(video, cameraCard.code);
    context = await lan.browser.newContext({ viewport: { width: 1024, height: 768 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await lan?.stop();
    if (videoDir) rmSync(videoDir, { recursive: true, force: true });
  });

  it("pairs with a code made by the CLI", async () => {
    await pair(page, lan.origin, await server.pairingCode(merchant.locationId));
    await expect(page.locator(".topbar__names strong").textContent()).resolves.toBe("Bean There");
    await page.locator('[data-testid="connection"].chip--ok').waitFor();
  });

  it("starts from the service worker when the network is gone", async () => {
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId("open-camera").waitFor();
    await page.locator('[data-testid="connection"].chip--offline').waitFor();
  });

  it("stamps with a wedge scanner at scanner speed, offline, and queues the events", async () => {
    await page.getByTestId("mode-autopilot").click();
    await autopilotStatus().waitFor();
    await scanWithWedge(page, autopilotCard.code);
    await page.locator('[data-testid="autopilot-status"][data-tone="ok"]').waitFor();
    await waitForWaiting(page, 1);
    await scanWithWedge(page, secondCard.code);
    await waitForWaiting(page, 2);
    // The scan list is written just after the event, for the screen: wait for it.
    await expect.poll(scanCount).toBe(2);
  });

  it("applies the program's cooldown offline: a second scan of a card makes no event", async () => {
    // The wedge ignores the same code within 2 s as a double trigger; a later rescan is a new scan.
    await page.waitForTimeout(2_100);
    await scanWithWedge(page, autopilotCard.code);
    await page.locator('[data-testid="autopilot-status"][data-tone="refused"]').waitFor();
    await expect(autopilotStatus().textContent()).resolves.toContain("next stamp possible");
    expect(await waitingCount(page)).toBe(2);
  });

  it("refuses a forged card code offline, on the spot", async () => {
    await scanWithWedge(page, forge(typedCard.code));
    await page.locator('[data-testid="autopilot-status"][data-tone="error"]').waitFor();
    await expect(autopilotStatus().textContent()).resolves.toContain("not genuine");
    expect(await waitingCount(page)).toBe(2);
  });

  it("makes no stamp when a person types a card code at human speed", async () => {
    // Two stamps, one cooldown refusal, one forged code: the list is written after the screen.
    await page.locator('[data-testid="scan-list"] li').nth(3).waitFor();
    const scansBefore = await scanCount();
    await scanWithWedge(page, typedCard.code, 230);
    await page.waitForTimeout(500);
    expect(await scanCount()).toBe(scansBefore);
    expect(await waitingCount(page)).toBe(2);
  }, 90_000);

  it("stamps from the camera in the Staff Scanner, offline, with undo", async () => {
    await page.getByTestId("mode-staff").click();
    await page.getByTestId("open-camera").click();
    const panel = page.getByTestId("card-panel");
    await panel.waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="card-count"][data-stamps="0"]').waitFor();
    await page.getByRole("button", { name: "One more" }).click();
    await page.getByTestId("add-stamps").click();
    await page.locator('[data-testid="card-count"][data-stamps="2"]').waitFor();
    await waitForWaiting(page, 3);
    // The stepper is back at one order's stamps after a stamp: the next add is 1, not 2.
    await page.getByTestId("add-stamps").click();
    await page.locator('[data-testid="card-count"][data-stamps="3"]').waitFor();
    await page.getByTestId("undo").click();
    await page.locator('[data-testid="card-count"][data-stamps="2"]').waitFor();
    await waitForWaiting(page, 5);
    await expect(page.getByTestId("feedback").textContent()).resolves.toContain("saved");
  });

  it("refuses a forged code typed into the Staff Scanner", async () => {
    await page.getByTestId("next-card").click();
    await page.getByTestId("manual-code").fill(forge(cameraCard.code));
    await page.getByRole("button", { name: "Check" }).click();
    await page.getByTestId("card-refused").waitFor();
    await expect(page.getByTestId("card-refused").textContent()).resolves.toContain("not genuine");
  });

  it("sends everything when the network returns, and the server holds exactly those stamps", async () => {
    await context.setOffline(false);
    await waitForWaiting(page, 0, 60_000);
    const [a, b, typed, camera] = await Promise.all(
      [autopilotCard, secondCard, typedCard, cameraCard].map((c) => server.card(apiKey, c.cardId)),
    );
    expect(a).toMatchObject({ stamps: 1, lifetimeStamps: 1 });
    expect(b).toMatchObject({ stamps: 1, lifetimeStamps: 1 });
    expect(typed).toMatchObject({ stamps: 0, lifetimeStamps: 0 });
    expect(camera).toMatchObject({ stamps: 2, lifetimeStamps: 2 });
    expect(await page.getByTestId("rejected").count()).toBe(0);
  });

  it("opens the Kiosk from the service worker after a reload offline, with its join QR and every language", async () => {
    // Each mode's screen, the QR encoder and the other languages are chunks loaded on demand:
    // the service worker must hold them all for a till that lost the network after its first load.
    await page.getByTestId("mode-kiosk").click();
    await page.locator(".kiosk__headline").waitFor();
    await context.setOffline(true);
    await page.reload();
    await page.locator(".kiosk__headline").waitFor();
    await page.getByTestId("join-qr").locator("svg path").waitFor();
    const languages = page.getByRole("navigation", { name: "Language" });
    for (const [name, language] of [
      ["Deutsch", "de"],
      ["עברית", "he"],
      ["Қазақша", "kk"],
    ] as const) {
      await languages.getByRole("button", { name }).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
    }
    await context.setOffline(false);
  });
});
