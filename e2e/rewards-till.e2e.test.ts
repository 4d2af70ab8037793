import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pair, scanWithWedge, waitForWaiting } from "./support/app-page";
import { launchChromium } from "./support/chromium";
import { docShot } from "./support/doc-shot";
import { type Merchant, StampServer } from "./support/stamp-server";
import { writeQrVideo } from "./support/y4m";

const KIOSK_DOCS = "apps/kiosk/docs";

interface Voucher {
  readonly status: string;
  readonly title: string;
  readonly redeemMethod?: string;
  readonly redemption?: { readonly method: string };
}

/**
 * Rewards at the till: a customer reaches the goal through stamps at the Staff Scanner and
 * self-redeems on the web card; a staff-scan voucher is read by the fake camera and redeemed
 * offline, then refused as already redeemed; Autopilot redeems one from a wedge scan.
 */
describe("rewards at the till", () => {
  let server: StampServer;
  let merchant: Merchant;
  let key: string;
  let videoDir: string;
  let browser: Browser;
  let till: BrowserContext;
  let page: Page;
  let cameraCard: { cardId: string; code: string };
  let cameraVoucher: string;
  let laneCard: { cardId: string; code: string };
  let laneVoucher: string;

  const setReward = async (reward: unknown) => {
    const path = `/api/v1/programs/${merchant.programId}`;
    const current = await server.api<Record<string, unknown>>(key, "GET", path);
    await server.api(key, "PUT", path, { ...current, goal: 3, reward });
  };
  const vouchers = async (cardId: string) =>
    ((await server.card(key, cardId)) as unknown as { vouchers: Voucher[] }).vouchers;
  /** The staff-scan code a web card shows under the voucher's QR. */
  const scanCodeOf = async (cardId: string, context: BrowserContext) => {
    const phone = await context.newPage();
    await phone.goto(`${server.url}/c/${cardId}?lang=en`);
    const code = await phone.getByTestId("scan-code").getAttribute("data-code");
    await phone.close();
    if (!code) throw new Error("no scan code on the web card");
    return code;
  };

  beforeAll(async () => {
    server = await StampServer.start();
    merchant = await server.createMerchant("Brownie Bar");
    key = await server.apiKey(merchant.merchantId);
    await setReward({ kind: "voucher", title: "Free brownie", redemption: { method: "staff" } });
    [cameraCard, laneCard] = await Promise.all([
      server.createCard(key, merchant.programId),
      server.createCard(key, merchant.programId),
    ]);
    await server.stamp(key, cameraCard.cardId, 3);
    await server.stamp(key, laneCard.cardId, 3);
    // Since then the programme redeems on the phone; the vouchers earned keep their terms.
    await setReward({ kind: "voucher", title: "Free latte", redemption: { method: "self" } });
    const probe = await launchChromium();
    const probeContext = await probe.newContext();
    cameraVoucher = await scanCodeOf(cameraCard.cardId, probeContext);
    laneVoucher = await scanCodeOf(laneCard.cardId, probeContext);
    await probe.close();
    videoDir = mkdtempSync(join(tmpdir(), "stamp-voucher-video-"));
    const video = join(videoDir, "voucher.y4m");
    writeQrVideo(video, cameraVoucher);
    browser = await launchChromium(video);
    till = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: "en-US" });
    page = await till.newPage();
    await pair(page, server.url, await server.pairingCode(merchant.locationId));
    await page.locator('[data-testid="connection"].chip--ok').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (videoDir) rmSync(videoDir, { recursive: true, force: true });
  });

  it("a customer reaches the goal through stamps at the till: the reward is the moment, and undoing warns", async () => {
    const card = await server.createCard(key, merchant.programId);
    await page.getByTestId("manual-code").fill(card.code);
    await page.getByRole("button", { name: "Check" }).click();
    await page.getByTestId("card-panel").waitFor();
    await page.getByRole("button", { name: "One more" }).click();
    await page.getByRole("button", { name: "One more" }).click();
    await page.getByTestId("add-stamps").click();
    await page.getByTestId("reward-earned").filter({ hasText: "Free latte" }).waitFor();
    await page.getByTestId("reward").filter({ hasText: "Free latte" }).waitFor();
    await docShot(page, KIOSK_DOCS, "staff-reward-earned-tablet");

    await page.getByTestId("undo").click();
    const warning = page.getByRole("dialog", { name: "Undo this stamp?" });
    await warning.waitFor();
    await expect(warning.textContent()).resolves.toContain(
      "Free latte is ready to use: undoing this stamp takes it back",
    );
    await docShot(page, KIOSK_DOCS, "staff-undo-warning-tablet");
    await page.getByTestId("keep-stamp").click();
    await waitForWaiting(page, 0);
    // The waiting count is paced (`pacedLiveQuery`), so its 0 may predate the stamp's write:
    // the server's voucher is waited for, not read once.
    await expect
      .poll(async () => (await vouchers(card.cardId))[0])
      .toMatchObject({
        status: "issued",
        title: "Free latte",
      });

    // The customer's phone shows the reward and redeems it in front of the staff.
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "en-US",
    });
    const web = await phone.newPage();
    await web.goto(`${server.url}/c/${card.cardId}?lang=en`);
    await web.getByTestId("rewards-ready").filter({ hasText: "Free latte" }).waitFor();
    const hold = web.getByTestId("hold-to-redeem");
    await hold.hover();
    await web.mouse.down();
    await web.getByTestId("redeemed").waitFor({ state: "visible" });
    await web.mouse.up();
    await phone.close();
    expect((await vouchers(card.cardId))[0]).toMatchObject({
      status: "redeemed",
      redeemMethod: "self",
    });
    await page.getByTestId("next-card").click();
  });

  it("a staff-scan voucher read by the camera is redeemed offline after confirmation; scanned again, the till says it was redeemed", async () => {
    await till.setOffline(true);
    await page.locator('[data-testid="connection"].chip--offline').waitFor();
    await page.getByTestId("open-camera").click();
    const confirm = page.getByRole("dialog", { name: "Redeem Free brownie?" });
    await confirm.waitFor({ timeout: 30_000 });
    await docShot(page, KIOSK_DOCS, "staff-voucher-confirm-tablet");
    await page.getByTestId("confirm-redeem").click();
    await page
      .getByTestId("feedback")
      .filter({ hasText: "Free brownie redeemed — saved" })
      .waitFor();
    await waitForWaiting(page, 1);

    await page.getByTestId("next-card").click();
    await page.getByTestId("open-camera").click();
    const notice = page.getByTestId("voucher-notice");
    await notice.waitFor({ timeout: 30_000 });
    await expect(notice.textContent()).resolves.toContain("Already redeemed");
    await docShot(page, KIOSK_DOCS, "staff-voucher-already-redeemed-tablet");

    await till.setOffline(false);
    await waitForWaiting(page, 0, 60_000);
    expect((await vouchers(cameraCard.cardId))[0]).toMatchObject({
      status: "redeemed",
      redeemMethod: "staff",
      title: "Free brownie",
      redemption: { method: "staff" },
    });
  });

  it("Autopilot redeems a staff-scan voucher from a wedge scan, and refuses it the second time", async () => {
    await page.getByTestId("next-card").click();
    await page.getByTestId("mode-autopilot").click();
    const status = page.getByTestId("autopilot-status");
    await status.waitFor();
    await scanWithWedge(page, laneVoucher);
    await page.locator('[data-testid="autopilot-status"][data-tone="ok"]').waitFor();
    await expect(status.textContent()).resolves.toContain("Redeemed: Free brownie");
    // The wedge ignores the same code within 2 s as a double trigger; this is a new scan.
    await page.waitForTimeout(2_100);
    await scanWithWedge(page, laneVoucher.toLowerCase());
    await page.locator('[data-testid="autopilot-status"][data-tone="refused"]').waitFor();
    await expect(status.textContent()).resolves.toContain("Already redeemed");
    await docShot(page, KIOSK_DOCS, "autopilot-voucher-tablet");
    await waitForWaiting(page, 0);
    expect((await vouchers(laneCard.cardId))[0]).toMatchObject({ status: "redeemed" });
  });

  it("Autopilot reads a card code sent without Shift; a cashier types the card number, and a typo is caught", async () => {
    const card = await server.createCard(key, merchant.programId);
    // Still in Autopilot: a scanner on Caps Lock sends every capital lower-cased (SPEC K7).
    await page.waitForTimeout(2_100);
    await scanWithWedge(page, card.code.toLowerCase());
    await page.locator('[data-testid="autopilot-status"][data-tone="ok"]').waitFor();

    await page.getByTestId("mode-staff").click();
    const number = card.number.replace(/(\d{3})(?=\d)/g, "$1 ");
    const swapped = `${number.slice(0, 4)}${number[5]}${number[4]}${number.slice(6)}`;
    if (swapped !== number) {
      await page.getByTestId("manual-code").fill(swapped);
      await page.getByRole("button", { name: "Check" }).click();
      await page.getByText("That card number has a typo").waitFor();
    }
    await page.getByTestId("manual-code").fill(number);
    await page.getByRole("button", { name: "Check" }).click();
    await page.getByTestId("card-panel").waitFor();
    await expect(page.getByTestId("card-number").textContent()).resolves.toBe(number);
    await expect(page.getByTestId("card-panel").textContent()).resolves.toContain("1 of");
  });
});
