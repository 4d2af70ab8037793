import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKioskCamera } from "./support/app-page";
import { launchChromium } from "./support/chromium";
import { docShot } from "./support/doc-shot";
import { type Merchant, StampServer } from "./support/stamp-server";
import { writeQrVideo } from "./support/y4m";

interface Voucher {
  readonly prize?: { readonly title: string };
  readonly revealedAt?: string;
}

/**
 * The lottery at the self-service kiosk: the customer's card completes the goal, the prize reel
 * spins and stops on the prize the log derives, and the reveal reaches the server; a customer who
 * keeps the phone up sees that success again, not a refusal, and nothing more is stamped.
 */
describe("lottery reveal at the kiosk", () => {
  let server: StampServer;
  let merchant: Merchant;
  let key: string;
  let videoDir: string;
  let browser: Browser;
  let page: Page;
  let card: { cardId: string; code: string };

  const vouchers = async () =>
    ((await server.card(key, card.cardId)) as unknown as { vouchers: Voucher[] }).vouchers;

  beforeAll(async () => {
    server = await StampServer.start();
    merchant = await server.createMerchant("Lucky Loaf");
    key = await server.apiKey(merchant.merchantId);
    const path = `/api/v1/programs/${merchant.programId}`;
    const current = await server.api<Record<string, unknown>>(key, "GET", path);
    await server.api(key, "PUT", path, {
      ...current,
      goal: 2,
      reward: {
        kind: "lottery",
        title: "Lucky loaf draw",
        seed: "kiosk-e2e-seed-0123456789",
        prizes: [
          { id: "roll", title: "Free roll", weight: 50 },
          { id: "loaf", title: "Free loaf", weight: 30 },
          { id: "cake", title: "Birthday cake", weight: 20 },
        ],
        redemption: { method: "staff" },
      },
      limits: { channels: ["kiosk", "autopilot"], cooldownSeconds: 0, maxStampsPerVisit: 1 },
    });
    card = await server.createCard(key, merchant.programId);
    await server.stamp(key, card.cardId, 1);
    videoDir = mkdtempSync(join(tmpdir(), "stamp-kiosk-video-"));
    const video = join(videoDir, "card.y4m");
    writeQrVideo(video, card.code);
    browser = await launchChromium(video);
    const context = await browser.newContext({
      viewport: { width: 1024, height: 768 },
      locale: "en-US",
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (videoDir) rmSync(videoDir, { recursive: true, force: true });
  });

  it("spins to the prize the log derives and records the reveal", async () => {
    await page.goto(`${server.url}/app/`);
    await page.getByTestId("pair-code").fill(await server.pairingCode(merchant.locationId));
    await page.locator(".mode-card", { hasText: "Kiosk" }).click();
    await page.getByTestId("pair-submit").click();
    await startKioskCamera(page);
    // The camera's first frames come slowly on a loaded machine; any result says what happened.
    const result = page.getByTestId("kiosk-result");
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getAttribute("data-kind"), (await result.textContent()) ?? "").toBe(
      "stamped",
    );
    await page.getByTestId("reward-earned").filter({ hasText: "Lucky loaf draw" }).waitFor();
    await page.locator('[data-testid="prize-reel"][data-done="true"]').waitFor({ timeout: 15_000 });
    const won = await page.getByTestId("prize-won").textContent();
    await docShot(page, "apps/kiosk/docs", "kiosk-lottery-tablet");

    await expect
      .poll(async () => (await vouchers())[0]?.revealedAt, { timeout: 30_000 })
      .toBeDefined();
    const derived = (await vouchers())[0]?.prize?.title;
    expect(won).toBe(`You won: ${derived}!`);
  });

  it("shows the same success to a customer who keeps the phone up, and stamps nothing more", async () => {
    // The result above goes back to the attract screen after a while; the camera still sees the
    // card. Every result shown from now on is recorded as it appears.
    await page.evaluate(() => {
      const shown: string[] = [];
      (window as unknown as { shownResults: string[] }).shownResults = shown;
      new MutationObserver((changes) => {
        for (const change of changes)
          for (const node of Array.from(change.addedNodes))
            if (node instanceof HTMLElement) {
              const result = node.matches('[data-testid="kiosk-result"]')
                ? node
                : node.querySelector('[data-testid="kiosk-result"]');
              if (result) shown.push(result.getAttribute("data-kind") ?? "");
            }
      }).observe(document.body, { childList: true, subtree: true });
    });
    const shown = await page.waitForFunction(
      () => (window as unknown as { shownResults: string[] }).shownResults[0],
      undefined,
      { timeout: 60_000 },
    );
    expect(await shown.jsonValue()).toBe("stamped");
    await page.getByTestId("reward-earned").filter({ hasText: "Lucky loaf draw" }).waitFor();
    const view = await server.card(key, card.cardId);
    expect(view.lifetimeStamps).toBe(2);
  });
});
