import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pair, waitForWaiting } from "./support/app-page";
import { launchChromium } from "./support/chromium";
import { docShot } from "./support/doc-shot";
import { type Merchant, StampServer } from "./support/stamp-server";

const PHONE = { width: 360, height: 740 };
const TABLET = { width: 1024, height: 768 };

/**
 * Controls whose visible part (their box clipped by every scrolling ancestor) meets the status
 * bar's box: none may, at any scroll position.
 */
async function buttonsUnderStatusBar(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bar = document.querySelector(".statusbar")?.getBoundingClientRect();
    if (!bar) return ["no status bar"];
    const visibleBox = (element: Element) => {
      const box = element.getBoundingClientRect();
      let top = box.top;
      let bottom = box.bottom;
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowY === "visible") continue;
        const clip = parent.getBoundingClientRect();
        top = Math.max(top, clip.top);
        bottom = Math.min(bottom, clip.bottom);
      }
      return { top: Math.max(top, 0), bottom: Math.min(bottom, window.innerHeight) };
    };
    return Array.from(document.querySelectorAll("button, a[href], input, select"))
      .filter((element) => !element.closest(".statusbar") && !element.closest("dialog"))
      .filter((element) => {
        const box = visibleBox(element);
        return (
          box.bottom - box.top > 0.5 && box.bottom > bar.top + 0.5 && box.top < bar.bottom - 0.5
        );
      })
      .map((element) => element.textContent?.trim() || element.outerHTML.slice(0, 60));
  });
}

/** The status bar's height and how many rows its chips take. */
async function statusBarShape(page: Page): Promise<{ height: number; rows: number }> {
  return page.evaluate(() => {
    const bar = document.querySelector(".statusbar") as HTMLElement;
    const tops = new Set(
      Array.from(bar.querySelectorAll(".chip")).map((chip) =>
        Math.round(chip.getBoundingClientRect().top),
      ),
    );
    return { height: bar.getBoundingClientRect().height, rows: tops.size };
  });
}

/**
 * §5 of issue 12: on a phone the till's status bar is one row, and it never lies over a button,
 * however far the screen is scrolled — offline, with changes waiting, a card open.
 */
describe("the till's status bar on a phone", () => {
  let server: StampServer;
  let merchant: Merchant;
  let card: { cardId: string; code: string };
  let browser: Browser;

  beforeAll(async () => {
    server = await StampServer.start();
    merchant = await server.createMerchant("Café Olive");
    const key = await server.apiKey(merchant.merchantId);
    card = await server.createCard(key, merchant.programId);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [size, viewport] of [
    ["phone", PHONE],
    ["tablet", TABLET],
  ] as const) {
    it(`Staff Scanner (${size}): one row, over no button, offline with stamps waiting`, async () => {
      const context = await browser.newContext({ viewport, locale: "de-DE" });
      const page = await context.newPage();
      try {
        await pair(page, server.url, await server.pairingCode(merchant.locationId));
        await context.setOffline(true);
        await page.getByTestId("manual-code").fill(card.code);
        await page.getByTestId("manual-code").press("Enter");
        await page.getByTestId("card-panel").waitFor();
        await page.getByTestId("add-stamps").click();
        await waitForWaiting(page, 1);
        await page.getByTestId("add-stamps").click();
        await waitForWaiting(page, 2);

        const shape = await statusBarShape(page);
        expect(shape.rows).toBe(1);
        expect(shape.height).toBeLessThanOrEqual(60);
        // At the top, the middle and the end of the screen.
        for (const to of [0, 0.5, 1]) {
          await page.evaluate((fraction) => {
            const body = document.querySelector(".shell__body") ?? document.scrollingElement;
            if (body) body.scrollTop = fraction * (body.scrollHeight - body.clientHeight);
          }, to);
          expect(await buttonsUnderStatusBar(page)).toEqual([]);
        }
        await docShot(page, "apps/kiosk/docs", `staff-offline-status-${size}`);
      } finally {
        await context.close();
      }
    });
  }

  it("Self-Service Kiosk (phone): one row, the staff button clear of it", async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: "en-US" });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/app/`);
      await page.getByTestId("pair-code").fill(await server.pairingCode(merchant.locationId));
      await page.locator(".mode-card", { hasText: "Kiosk" }).click();
      await page.getByTestId("pair-submit").click();
      await page.locator(".kiosk__headline").waitFor();
      await context.setOffline(true);
      await page.locator('[data-testid="connection"].chip--offline').waitFor();
      const shape = await statusBarShape(page);
      expect(shape.rows).toBe(1);
      expect(shape.height).toBeLessThanOrEqual(60);
      for (const to of [0, 1]) {
        await page.evaluate((fraction) => {
          const stage = document.querySelector(".kiosk__stage");
          if (stage) stage.scrollTop = fraction * (stage.scrollHeight - stage.clientHeight);
        }, to);
        expect(await buttonsUnderStatusBar(page)).toEqual([]);
      }
      await docShot(page, "apps/kiosk/docs", "kiosk-offline-status-phone");
    } finally {
      await context.close();
    }
  });
});
