// Screenshots of the merchant's admin pages for apps/sync-server/docs, at desktop and tablet sizes:
// `npm run screenshots:admin -w e2e` (optionally with a file-name suffix, e.g. `-- before` when run
// in a checkout of an older commit). Real server, real Chromium; seeded over the CLI and the API.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./support/chromium";
import { type Merchant, StampServer } from "./support/stamp-server";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DOCS = join(ROOT, "apps/sync-server/docs");
const SIZES = { desktop: { width: 1280, height: 800 }, tablet: { width: 768, height: 1024 } };
const EMAIL = "owner@olive.test";
const PASSWORD = "olive-password-1";
const suffix = process.argv[2] ? `-${process.argv[2]}` : "";

async function shot(
  page: Page,
  name: string,
  size: keyof typeof SIZES,
  fullPage = false,
): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const file = `admin-${name}-${size}${suffix}.png`;
  await page.screenshot({ path: join(DOCS, file), fullPage });
  process.stderr.write(`screenshots: ${file}\n`);
}

/** A till paired over the device API, as the kiosk app does. */
async function pairTill(server: StampServer, merchant: Merchant): Promise<void> {
  const code = await server.pairingCode(merchant.locationId);
  const response = await fetch(`${server.url}/api/v1/devices/pair`, {
    method: "POST",
    headers: { "content-type": "application/json", "stamp-protocol": "1" },
    body: JSON.stringify({ code, name: "Counter tablet", mode: "staff" }),
  });
  if (response.status !== 201) throw new Error(`pairing: ${response.status}`);
}

async function signIn(browser: Browser, server: StampServer, size: keyof typeof SIZES) {
  const context = await browser.newContext({ viewport: SIZES[size], deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${server.url}/admin/login`);
  await page.locator('input[name="email"]').fill(EMAIL);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL(`${server.url}/admin`);
  return page;
}

/** Runs one shot; a page an older commit lacks is reported, not fatal (a "before" run). */
async function attempt(name: string, take: () => Promise<void>): Promise<void> {
  try {
    await take();
  } catch (error) {
    process.stderr.write(`screenshots: ${name} skipped (${(error as Error).message})\n`);
  }
}

async function main(): Promise<void> {
  mkdirSync(DOCS, { recursive: true });
  const server = await StampServer.start();
  const browser = await launchChromium();
  try {
    const merchant = await server.createMerchant("Café Olive");
    await server.createAdmin(merchant.merchantId, EMAIL, PASSWORD);
    const key = await server.apiKey(merchant.merchantId);
    const cards: Awaited<ReturnType<typeof server.createCard>>[] = [];
    for (let i = 0; i < 4; i++) cards.push(await server.createCard(key, merchant.programId));
    for (const [i, card] of cards.entries()) await server.stamp(key, card.code, 2 + i * 2);
    await pairTill(server, merchant);
    const customer = await server.createCard(key, merchant.programId, {
      name: "Mia Kovač",
      email: "mia@example.com",
      phone: "+49 170 1234567",
    });
    await server.stamp(key, customer.code, 3);
    await server.stamp(key, customer.code, 2);

    for (const size of ["desktop", "tablet"] as const) {
      const page = await signIn(browser, server, size);
      await attempt("dashboard", async () => {
        await page.goto(`${server.url}/admin`);
        await shot(page, "dashboard", size);
      });
      await attempt("editor", async () => {
        await page.goto(`${server.url}/admin/programs/${merchant.programId}`);
        await page.locator('input[name="name"]').fill("Olive coffee club");
        await page.locator('form.panel .actions button[type="submit"]').click();
        await page.waitForLoadState("load");
        await shot(page, "editor-saved", size);
        await page.goto(`${server.url}/admin/programs/${merchant.programId}`);
        await page.locator('input[name="goal"]').fill("many");
        await page.locator('form.panel .actions button[type="submit"]').click();
        await page.waitForLoadState("load");
        await shot(page, "editor-errors", size);
      });
      await attempt("confirmation", async () => {
        const card = cards[size === "desktop" ? 0 : 1];
        await page.goto(`${server.url}/admin/cards/${card?.cardId}`);
        await page.locator('input[name="reason"]').fill("Card shared online");
        await page.locator('form[action$="/block"] button[type="submit"]').click();
        await page.waitForLoadState("load");
        await shot(page, "confirm-block", size);
      });
      await attempt("customer", async () => {
        const opened = await page.goto(`${server.url}/admin/cards?q=mia`);
        if (!opened?.ok()) throw new Error(`no customer search: ${opened?.status()}`);
        await shot(page, "customer-search", size);
        await page.goto(`${server.url}/admin/cards/${customer.cardId}`);
        await shot(page, "customer", size, true);
      });
      await attempt("locations", async () => {
        await page.goto(`${server.url}/admin/locations`);
        await page.locator('form[action="/admin/locations"] input[name="name"]').fill("Harbour");
        await page.locator('form[action="/admin/locations"] input[name="pin"]').fill("2468");
        await page.locator('form[action="/admin/locations"] input[name="confirm"]').fill("2468");
        await page.locator('form[action="/admin/locations"] button[type="submit"]').click();
        await page.waitForLoadState("load");
        await shot(page, "locations", size, true);
      });
      await attempt("receipts", async () => {
        const opened = await page.goto(`${server.url}/admin/receipts`);
        if (!opened?.ok()) throw new Error(`no receipts page: ${opened?.status()}`);
        await page.locator('input[name="count"]').fill("2");
        await page.locator('input[name="copies"]').fill("6");
        await page.locator('form[action="/admin/receipts"] button[type="submit"]').click();
        await page.waitForLoadState("load");
        await shot(page, "receipt-sheet", size);
      });
      await page.context().close();
    }
    process.stderr.write(`screenshots: done, in ${DOCS}\n`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
