// Screenshots of each mode for apps/kiosk/docs: `npm run screenshots -w e2e`. Real server, real
// Chromium, the built app; fake cameras play a blank scene or a card's QR code.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { pair, scanWithWedge, startKioskCamera } from "./support/app-page";
import { launchChromium } from "./support/chromium";
import { type Merchant, StampServer } from "./support/stamp-server";
import { writeBlankVideo, writeQrVideo } from "./support/y4m";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DOCS = join(ROOT, "apps/kiosk/docs");
const PHONE = { width: 390, height: 844 };
const TABLET = { width: 1024, height: 768 };

type Mode = "Scanner" | "Kiosk" | "Autopilot";

async function pairAs(
  server: StampServer,
  merchant: Merchant,
  page: Page,
  mode: Mode,
): Promise<void> {
  if (mode === "Scanner") {
    await pair(page, server.url, await server.pairingCode(merchant.locationId));
    return;
  }
  await page.goto(`${server.url}/app/`);
  await page.getByTestId("pair-code").fill(await server.pairingCode(merchant.locationId));
  await page.locator(".mode-card", { hasText: mode }).click();
  await page.getByTestId("pair-submit").click();
}

async function shot(page: Page, name: string): Promise<void> {
  // Let entrance animations (stamps popping in, flashes) finish; no stray focus ring.
  await page.waitForTimeout(900);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: join(DOCS, `${name}.png`) });
  process.stderr.write(`screenshots: ${name}.png\n`);
}

async function device(
  browser: Browser,
  viewport: typeof PHONE,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  return { context, page: await context.newPage() };
}

async function openCard(page: Page, code: string): Promise<void> {
  await page.getByTestId("manual-code").fill(code);
  await page.getByRole("button", { name: "Check" }).click();
  await page.getByTestId("card-panel").waitFor();
}

async function main(): Promise<void> {
  execFileSync("npm", ["run", "build", "-w", "apps/kiosk"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  mkdirSync(DOCS, { recursive: true });
  const videos = mkdtempSync(join(tmpdir(), "stamp-shots-"));
  const server = await StampServer.start();
  const browsers: Browser[] = [];
  try {
    const merchant = await server.createMerchant("Bean There");
    const key = await server.apiKey(merchant.merchantId);
    const enroll = () => server.createCard(key, merchant.programId);
    const [regular, rewarded, kioskCard, hebrewCard, laneA, laneB] = await Promise.all(
      Array.from({ length: 6 }, enroll),
    );
    if (!regular || !rewarded || !kioskCard || !hebrewCard || !laneA || !laneB)
      throw new Error("enrolment failed");
    await server.stamp(key, regular.code, 6);
    await server.stamp(key, rewarded.code, 13);
    await server.stamp(key, kioskCard.code, 6);

    const blank = join(videos, "blank.y4m");
    writeBlankVideo(blank);
    const kioskVideo = join(videos, "kiosk.y4m");
    writeQrVideo(kioskVideo, kioskCard.code);
    const hebrewVideo = join(videos, "hebrew.y4m");
    writeQrVideo(hebrewVideo, hebrewCard.code);

    const plain = await launchChromium(blank);
    browsers.push(plain);

    // Phone: pairing, then the Staff Scanner with a card open.
    const phone = await device(plain, PHONE);
    await phone.page.goto(`${server.url}/app/`);
    await phone.page.getByTestId("pair-code").waitFor();
    await shot(phone.page, "pairing-phone");
    await pair(phone.page, server.url, await server.pairingCode(merchant.locationId));
    await openCard(phone.page, regular.code);
    await phone.page.getByTestId("add-stamps").click();
    await phone.page.locator('[data-testid="card-count"][data-stamps="7"]').waitFor();
    await shot(phone.page, "staff-phone");

    // Tablet: the Staff Scanner with a reward to hand over.
    const tablet = await device(plain, TABLET);
    await pairAs(server, merchant, tablet.page, "Scanner");
    await openCard(tablet.page, rewarded.code);
    await tablet.page.getByTestId("add-stamps").click();
    await tablet.page.locator('[data-testid="card-count"][data-stamps="4"]').waitFor();
    await shot(tablet.page, "staff-tablet");

    // Autopilot on the same tablet: a stamp, a cooldown refusal, a forged code, another stamp.
    await tablet.page.getByTestId("mode-autopilot").click();
    await tablet.page.getByTestId("autopilot-status").waitFor();
    await scanWithWedge(tablet.page, laneB.code);
    await tablet.page.locator('[data-testid="autopilot-status"][data-tone="ok"]').waitFor();
    await tablet.page.waitForTimeout(2_100);
    await scanWithWedge(tablet.page, laneB.code);
    await tablet.page.locator('[data-testid="autopilot-status"][data-tone="refused"]').waitFor();
    const parts = laneB.code.split(".");
    parts[3] = `${parts[3]?.startsWith("A") ? "B" : "A"}${parts[3]?.slice(1)}`;
    await scanWithWedge(tablet.page, parts.join("."));
    await tablet.page.locator('[data-testid="autopilot-status"][data-tone="error"]').waitFor();
    await scanWithWedge(tablet.page, laneA.code);
    await tablet.page.locator('[data-testid="autopilot-status"][data-tone="ok"]').waitFor();
    await shot(tablet.page, "autopilot-tablet");

    await phone.page.getByTestId("mode-autopilot").click();
    await phone.page.getByTestId("autopilot-status").waitFor();
    await shot(phone.page, "autopilot-phone");

    // Kiosk waiting for a customer (the camera sees nobody's card).
    const attract = await device(plain, TABLET);
    await pairAs(server, merchant, attract.page, "Kiosk");
    await startKioskCamera(attract.page);
    await attract.page.locator('.camera[data-state="live"]').waitFor();
    await shot(attract.page, "kiosk-attract-tablet");

    // Kiosk: a customer who was stamped at the till minutes ago tries again.
    const withCard = await launchChromium(kioskVideo);
    browsers.push(withCard);
    const kiosk = await device(withCard, TABLET);
    await pairAs(server, merchant, kiosk.page, "Kiosk");
    await startKioskCamera(kiosk.page);
    await kiosk.page
      .locator('[data-testid="kiosk-result"][data-kind="refused"]')
      .waitFor({ timeout: 30_000 });
    await shot(kiosk.page, "kiosk-refused-tablet");

    // Kiosk in Hebrew: the customer picks the language, the layout mirrors.
    const withHebrewCard = await launchChromium(hebrewVideo);
    browsers.push(withHebrewCard);
    const hebrew = await device(withHebrewCard, TABLET);
    await pairAs(server, merchant, hebrew.page, "Kiosk");
    await hebrew.page.locator(".kiosk__headline").waitFor();
    await hebrew.page.getByRole("button", { name: "עברית" }).click();
    await hebrew.page.locator('html[dir="rtl"]').waitFor();
    await startKioskCamera(hebrew.page);
    await hebrew.page
      .locator('[data-testid="kiosk-result"][data-kind="stamped"]')
      .waitFor({ timeout: 30_000 });
    await shot(hebrew.page, "kiosk-stamped-he-tablet");
  } finally {
    for (const browser of browsers) await browser.close();
    await server.stop();
    rmSync(videos, { recursive: true, force: true });
  }
}

await main();
