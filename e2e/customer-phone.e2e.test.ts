import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInAdmin } from "./support/admin-sign-in";
import { launchChromium } from "./support/chromium";
import { docShot } from "./support/doc-shot";
import { type Merchant, StampServer } from "./support/stamp-server";

const DOCS = "apps/sync-server/docs";
/** A cheap Android phone: the smallest screen the customer pages are made for. */
const SMALL_PHONE = { width: 360, height: 640 };

/** The element's whole box is on the first screen, without scrolling. */
async function aboveTheFold(page: Page, element: Locator): Promise<void> {
  await element.waitFor();
  const box = await element.boundingBox();
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(box, "the element is rendered").not.toBeNull();
  if (!box) return;
  expect(scrolled).toBe(0);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(SMALL_PHONE.width);
  expect(box.y + box.height).toBeLessThanOrEqual(SMALL_PHONE.height);
}

/** Touch targets a thumb hits: at least 44 CSS pixels high. */
async function bigEnough(element: Locator): Promise<void> {
  const box = await element.boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
}

/**
 * The customer's pages on a 360×640 phone in Chromium: what matters is on the first screen, the
 * language switcher offers the program's languages, names keep their own direction.
 */
describe("the customer's phone", () => {
  let server: StampServer;
  let merchant: Merchant & { joinUrl: string };
  let key: string;
  let browser: Browser;
  let page: Page;

  const editProgram = async (changes: Record<string, unknown>) => {
    const path = `/api/v1/programs/${merchant.programId}`;
    const current = await server.api<Record<string, unknown>>(key, "GET", path);
    await server.api(key, "PUT", path, { ...current, ...changes });
  };

  beforeAll(async () => {
    server = await StampServer.start();
    merchant = await server.cli<Merchant & { joinUrl: string }>(
      "create-merchant",
      "--name",
      "Café Blue",
    );
    key = await server.apiKey(merchant.merchantId);
    await editProgram({ locales: ["en", "he"] });
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: SMALL_PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: "en-US",
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows “Get my card” on the join page's first screen, details folded out above it", async () => {
    await page.goto(`${merchant.joinUrl}?lang=en`);
    const button = page.getByRole("button", { name: "Get my card" });
    await aboveTheFold(page, button);
    await bigEnough(button);
    await docShot(page, DOCS, "join-phone-360");
    // The optional details open above the button, which then scrolls with them.
    await page.getByText("About you (optional)").click();
    await page.getByLabel("Name").waitFor({ state: "visible" });
    await bigEnough(page.getByLabel("Name"));
  });

  it("offers only the program's languages and turns the page right-to-left for Hebrew", async () => {
    await page.goto(`${merchant.joinUrl}?lang=en`);
    const languages = page.getByRole("navigation", { name: "Language" }).getByRole("link");
    await expect(languages.allTextContents()).resolves.toEqual(["English", "עברית"]);
    for (const link of await languages.all()) await bigEnough(link);
    await languages.filter({ hasText: "עברית" }).click();
    await page.waitForURL(/lang=he$/);
    await expect(page.locator("html").getAttribute("dir")).resolves.toBe("rtl");
    await aboveTheFold(page, page.locator('[data-testid="get-card"]'));
  });

  it("keeps a Hebrew program name right-to-left in English, an English shop name in Hebrew", async () => {
    await editProgram({ name: "כרטיס קפה" });
    await page.goto(`${merchant.joinUrl}?lang=en`);
    const hebrewName = page.locator("h1 bdi");
    await expect(hebrewName.textContent()).resolves.toBe("כרטיס קפה");
    await expect(hebrewName.evaluate((el) => el.matches(":dir(rtl)"))).resolves.toBe(true);
    await expect(page.locator("h1").evaluate((el) => el.matches(":dir(ltr)"))).resolves.toBe(true);
    await docShot(page, DOCS, "join-phone-hebrew-name");

    await page.goto(`${merchant.joinUrl}?lang=he`);
    const shop = page.locator("p bdi", { hasText: "Café Blue" }).first();
    await expect(shop.evaluate((el) => el.matches(":dir(ltr)"))).resolves.toBe(true);
    await expect(page.locator("h1").evaluate((el) => el.matches(":dir(rtl)"))).resolves.toBe(true);
    const merchantLine = page.locator(".card__merchant bdi");
    await expect(merchantLine.evaluate((el) => el.matches(":dir(ltr)"))).resolves.toBe(true);
    await docShot(page, DOCS, "join-phone-he");
    await editProgram({ name: "Stamp card" });
  });

  it("puts the wallet buttons on the web card's first screen, the QR below them", async () => {
    await page.goto(`${merchant.joinUrl}?lang=en`);
    await page.getByRole("button", { name: "Get my card" }).click();
    await page.waitForURL(/\/c\/[0-9a-f-]{36}\?lang=en$/);
    const apple = page.getByRole("link", { name: /Apple Wallet/ });
    const google = page.getByRole("link", { name: /Google Wallet/ });
    await aboveTheFold(page, apple);
    await aboveTheFold(page, google);
    await bigEnough(apple);
    await bigEnough(google);
    const qr = await page.locator(".qr svg").boundingBox();
    const googleBox = await google.boundingBox();
    expect(qr?.y ?? 0).toBeGreaterThan((googleBox?.y ?? 0) + (googleBox?.height ?? 0));
    await docShot(page, DOCS, "web-card-phone-360");
  });

  const newCard = () =>
    server.api<{ cardId: string }>(key, "POST", "/api/v1/cards", { programId: merchant.programId });

  const newReceipt = (count: number) =>
    server.api<{ url: string }>(key, "POST", "/api/v1/receipts", { count });

  it("offers “add them to my card” on a receipt opened in the browser that holds the card", async () => {
    const receipt = await newReceipt(2);
    await page.goto(`${receipt.url}?lang=en`);
    const useMine = page.getByRole("button", { name: "Add them to my card" });
    await aboveTheFold(page, useMine);
    await bigEnough(useMine);
    await expect(page.getByText("Your card on this phone: 0 of 10 stamps").count()).resolves.toBe(
      1,
    );
    await docShot(page, DOCS, "receipt-use-my-card-360");
    await useMine.click();
    await page.getByText("Stamps added to your card: 2").waitFor();
    const open = page.getByRole("link", { name: "Open my card" });
    await aboveTheFold(page, open);
    await expect(page.getByRole("link", { name: /Apple Wallet/ }).count()).resolves.toBe(1);
    await docShot(page, DOCS, "receipt-claimed-360");
    await open.click();
    await page.getByTestId("progress").filter({ hasText: "2 of 10 stamps" }).waitFor();
  });

  it("lets a newcomer join from a receipt with one tap, and knows the new card next time", async () => {
    const newcomer = await browser.newContext({
      viewport: SMALL_PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: "he-IL",
    });
    const phone = await newcomer.newPage();
    const receipt = await newReceipt(3);
    await phone.goto(receipt.url);
    await expect(phone.locator("html").getAttribute("dir")).resolves.toBe("rtl");
    const join = phone.getByTestId("join-now");
    await aboveTheFold(phone, join);
    await bigEnough(join);
    await docShot(phone, DOCS, "receipt-join-he-360");
    await join.click();
    await phone.getByTestId("progress").waitFor();
    await expect(phone.getByTestId("progress").textContent()).resolves.toContain("3");
    const next = await newReceipt(1);
    await phone.goto(next.url);
    await aboveTheFold(phone, phone.getByTestId("use-my-card"));
    await newcomer.close();
  });

  it("ends the join page and the web card with the shop's phone, website and address, set by the merchant", async () => {
    // The merchant fills in the business details in the admin, on a laptop.
    const { page: admin, context: laptop } = await signedInAdmin(
      browser,
      server,
      merchant.merchantId,
    );
    await admin.getByRole("link", { name: "Business details" }).click();
    await admin.getByLabel("Website").fill("http://cafe-blue.example");
    await admin.getByRole("button", { name: "Save" }).click();
    await admin.getByText("Use your website's secure address").waitFor();
    await admin.getByLabel("Phone").fill("+49 30 1234 567");
    await admin.getByLabel("Website").fill("cafe-blue.example");
    await admin.getByLabel("Address").fill("Hauptstraße 1\n10115 Berlin");
    await admin.getByRole("button", { name: "Save" }).click();
    await admin.getByText("Saved. Wallet cards show the new details").waitFor();
    await docShot(admin, DOCS, "business-details-admin");
    await laptop.close();

    for (const [url, shot] of [
      [`${merchant.joinUrl}?lang=he`, "join-contact-he-360"],
      [`${server.url}/c/${(await newCard()).cardId}?lang=en`, "web-card-contact-360"],
    ] as const) {
      await page.goto(url);
      const contact = page.getByTestId("business-contact");
      await contact.scrollIntoViewIfNeeded();
      const phone = contact.getByRole("link", { name: "+49 30 1234 567" });
      await expect(phone.getAttribute("href")).resolves.toBe("tel:+49301234567");
      await bigEnough(phone);
      const website = contact.getByRole("link", { name: "cafe-blue.example" });
      await expect(website.getAttribute("href")).resolves.toBe("https://cafe-blue.example/");
      await bigEnough(website);
      await expect(contact.getByText("10115 Berlin").count()).resolves.toBe(1);
      // The number and the link read left to right inside a Hebrew page.
      await expect(phone.evaluate((el) => el.matches(":dir(ltr)"))).resolves.toBe(true);
      await docShot(page, DOCS, shot);
    }
  });
});
