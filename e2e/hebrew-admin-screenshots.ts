// The admin pages in Hebrew, right to left, for apps/sync-server/docs: `npm run
// screenshots:hebrew -w e2e`. A real server and Chromium; the owner picks Hebrew under My account
// (the per-account language), then the dashboard, a customer's page and the programme editor.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { signedInAdmin } from "./support/admin-sign-in";
import { launchChromium } from "./support/chromium";
import { settled } from "./support/doc-shot";
import { StampServer } from "./support/stamp-server";

const DOCS = fileURLToPath(new URL("../apps/sync-server/docs", import.meta.url));

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await settled(page);
  const file = `admin-he-${name}.png`;
  await page.screenshot({ path: join(DOCS, file), fullPage });
  process.stderr.write(`screenshots: ${file}\n`);
}

async function main(): Promise<void> {
  mkdirSync(DOCS, { recursive: true });
  const server = await StampServer.start();
  const browser = await launchChromium();
  try {
    const merchant = await server.createMerchant("קפה זית");
    const key = await server.apiKey(merchant.merchantId);
    for (const count of [2, 4, 7]) {
      const card = await server.createCard(key, merchant.programId);
      await server.stamp(key, card.code, count);
    }
    const customer = await server.createCard(key, merchant.programId, {
      name: "נועה לוי",
      email: "noa@example.com",
      phone: "+972 50 123 4567",
    });
    await server.stamp(key, customer.code, 3);
    await server.stamp(key, customer.code, 2);

    const { page } = await signedInAdmin(browser, server, merchant.merchantId);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.url}/admin/account`);
    await page.locator('select[name="locale"]').selectOption("he");
    await page.locator('form[action="/admin/account/language"] button[type="submit"]').click();
    await page.waitForURL(/notice=language/);
    if ((await page.locator("html").getAttribute("dir")) !== "rtl")
      throw new Error("the account page is not right to left after choosing Hebrew");
    await shot(page, "account");

    await page.goto(`${server.url}/admin/programs/${merchant.programId}`);
    await page.locator('input[name="name"]').fill("מועדון הקפה של זית");
    await page.locator('input[name="reward.title"]').fill("קפה הפוך חינם");
    await page.locator('input[name="locales"][value="he"]').check();
    await page.locator('form.panel .actions button[type="submit"]').click();
    await page.waitForLoadState("load");
    await shot(page, "editor", true);

    await page.goto(`${server.url}/admin`);
    await shot(page, "dashboard");

    await page.goto(`${server.url}/admin/cards/${customer.cardId}`);
    await shot(page, "customer", true);
    process.stderr.write(`screenshots: done, in ${DOCS}\n`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
