import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./support/chromium";
import { docShot } from "./support/doc-shot";
import { type Merchant, StampServer } from "./support/stamp-server";

const DOCS = "apps/sync-server/docs";
const PHONE = { width: 390, height: 844 };

interface Voucher {
  readonly id: string;
  readonly status: string;
  readonly code?: string;
  readonly prize?: { readonly title: string };
  readonly redeemMethod?: string;
}

/**
 * The customer's side of a reward on the web card: the moment it is earned, a self-redemption with
 * a hold (online and offline), a redeem code used at a POS, and a lottery prize scratched free.
 */
describe("rewards on the web card", () => {
  let server: StampServer;
  let merchant: Merchant;
  let key: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const program = () =>
    server.api<Record<string, unknown>>(key, "GET", `/api/v1/programs/${merchant.programId}`);
  const useReward = async (reward: unknown) => {
    const current = await program();
    await server.api(key, "PUT", `/api/v1/programs/${merchant.programId}`, {
      ...current,
      goal: 3,
      reward,
    });
  };
  const vouchers = async (cardId: string) =>
    (await server.card(key, cardId)) as unknown as { vouchers: Voucher[] };
  /** A card that has just reached the goal, opened on the phone. */
  const earnOnPhone = async () => {
    const card = await server.createCard(key, merchant.programId);
    await server.stamp(key, card.cardId, 3);
    await page.goto(`${server.url}/c/${card.cardId}?lang=en`);
    await page.getByTestId("rewards-ready").waitFor();
    return card;
  };
  /** Holds the button down until the confirmation shows: the gesture a customer makes. */
  const holdToRedeem = async () => {
    const button = page.getByTestId("hold-to-redeem");
    await button.scrollIntoViewIfNeeded();
    await button.hover();
    await page.mouse.down();
    await page.getByTestId("redeemed").waitFor({ state: "visible" });
    await page.mouse.up();
  };

  beforeAll(async () => {
    server = await StampServer.start();
    merchant = await server.createMerchant("Corner Bakery");
    key = await server.apiKey(merchant.merchantId);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, locale: "en-US", hasTouch: false });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the reward it earned first, then self-redeems it with a hold: a live confirmation", async () => {
    await useReward({
      kind: "voucher",
      title: "Free cinnamon bun",
      redemption: { method: "self" },
      validDays: 30,
    });
    const card = await earnOnPhone();
    await expect(page.locator(".earned h2").textContent()).resolves.toBe("Reward earned!");
    await expect(page.locator(".earned--new").count()).resolves.toBe(1);
    await docShot(page, DOCS, "web-card-reward-earned");

    await holdToRedeem();
    const clock = page.locator("[data-clock]");
    const first = await clock.textContent();
    await expect.poll(() => clock.textContent(), { timeout: 5_000 }).not.toBe(first);
    await docShot(page, DOCS, "web-card-self-redeemed");
    const [voucher] = (await vouchers(card.cardId)).vouchers;
    expect(voucher).toMatchObject({ status: "redeemed", redeemMethod: "self" });

    await page.getByRole("button", { name: "Done" }).click();
    await page.getByTestId("past-voucher").filter({ hasText: "Used" }).waitFor();
    await expect(page.getByTestId("rewards-ready").count()).resolves.toBe(0);
  });

  it("self-redeems offline on the phone, and the redemption reaches the server once it is back", async () => {
    const card = await earnOnPhone();
    // The service worker keeps the page: the customer is in the shop's dead zone.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId("hold-to-redeem").waitFor();
    await holdToRedeem();
    await page.locator("[data-offline]").waitFor({ state: "visible" });
    expect((await vouchers(card.cardId)).vouchers[0]?.status).toBe("issued");
    await context.setOffline(false);
    await expect
      .poll(async () => (await vouchers(card.cardId)).vouchers[0]?.status, { timeout: 30_000 })
      .toBe("redeemed");
  });

  it("a redeem code used at the POS through the API: the open web card follows", async () => {
    await useReward({
      kind: "voucher",
      title: "10% off your next cake",
      redemption: { method: "code", format: "code128", code: { kind: "generated" } },
    });
    const card = await earnOnPhone();
    const code = (await page.getByTestId("redeem-code").textContent()) ?? "";
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    await expect(page.locator(".barcode--code128 svg").count()).resolves.toBe(1);
    await docShot(page, DOCS, "web-card-redeem-code");
    const redeemed = await server.api<{ voucher: Voucher }>(
      key,
      "POST",
      "/api/v1/vouchers/redeem",
      { code },
      randomUUID(),
    );
    expect(redeemed.voucher).toMatchObject({ status: "redeemed", code });
    await page.getByTestId("past-voucher").filter({ hasText: "Used" }).waitFor({ timeout: 30_000 });
    await expect(page.getByTestId("rewards-ready").count()).resolves.toBe(0);
    expect((await vouchers(card.cardId)).vouchers[0]?.status).toBe("redeemed");
  });

  it("scratching the lottery card reveals the prize the log derives", async () => {
    await useReward({
      kind: "lottery",
      title: "Lucky bake",
      seed: "e2e-seed-0123456789abcdef",
      prizes: [
        { id: "bun", title: "Free bun", weight: 60 },
        { id: "cake", title: "Whole cake", weight: 10 },
        { id: "coffee", title: "Free coffee", weight: 30 },
      ],
      redemption: { method: "self" },
    });
    const card = await earnOnPhone();
    const derived = (await vouchers(card.cardId)).vouchers[0]?.prize?.title ?? "";
    expect(derived).not.toBe("");
    await expect(page.content()).resolves.not.toContain(derived);
    await docShot(page, DOCS, "web-card-lottery-scratch");
    const cover = page.locator(".scratch__cover canvas");
    await cover.scrollIntoViewIfNeeded();
    const box = await cover.boundingBox();
    if (!box) throw new Error("no scratch card on screen");
    await page.mouse.move(box.x + 5, box.y + 5);
    await page.mouse.down();
    for (let row = 0; row < 6; row++)
      for (const x of [5, box.width - 5])
        await page.mouse.move(box.x + x, box.y + 5 + (row * (box.height - 10)) / 5, { steps: 6 });
    await page.mouse.up();
    await page.locator(".scratch--revealed").waitFor();
    await expect(page.getByTestId("prize").textContent()).resolves.toBe(`You won: ${derived}`);
    await docShot(page, DOCS, "web-card-lottery-revealed");
    // After the moment, the card shows the prize with how to redeem it.
    await page.locator(".voucher__title", { hasText: derived }).waitFor({ timeout: 15_000 });
    await page.getByTestId("hold-to-redeem").waitFor();
  });
});
