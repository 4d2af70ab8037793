import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./support/chromium";
import { docShot } from "./support/doc-shot";
import { type Merchant, StampServer } from "./support/stamp-server";

const DOCS = "apps/sync-server/docs";
const PHONE = { width: 390, height: 844 };
/** A logo as design tools export it: shapes and the shop's name, on a transparent background. */
const LOGO_SVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 100">
  <circle cx="50" cy="50" r="44" fill="#f4d35e"/>
  <path d="M30 40h36v18a18 18 0 0 1-36 0z" fill="#3d2c1e"/>
  <path d="M66 44h6a8 8 0 0 1 0 16h-6" fill="none" stroke="#3d2c1e" stroke-width="5"/>
  <text x="108" y="64" font-size="38" font-weight="700" fill="#f4d35e" font-family="DejaVu Sans, sans-serif">Crema</text>
</svg>`;

/**
 * A merchant uploads a logo on the admin page (a real multipart form in Chromium) and a customer
 * on a phone sees it on the join page and the web card; a file that is not a logo is refused in
 * words on the page. `npm run screenshots:logo -w e2e` saves the before/after pictures.
 */
describe("logo upload: admin form → join page and web card", () => {
  let server: StampServer;
  let merchant: Merchant & { joinUrl: string };
  let browser: Browser;
  let phone: Page;
  let admin: Page;
  let cardUrl: string;
  const files = mkdtempSync(join(tmpdir(), "stamp-logo-"));

  beforeAll(async () => {
    server = await StampServer.start();
    merchant = await server.cli<Merchant & { joinUrl: string }>(
      "create-merchant",
      "--name",
      "Crema",
    );
    await server.cli(
      "create-admin",
      "--email",
      "owner@crema.example",
      "--password",
      "a long password",
      "--merchant",
      merchant.merchantId,
    );
    browser = await launchChromium();
    phone = await (await browser.newContext({ viewport: PHONE, locale: "en-US" })).newPage();
    admin = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" })
    ).newPage();
    writeFileSync(join(files, "crema.svg"), LOGO_SVG);
    writeFileSync(join(files, "notes.png"), "not a picture at all");
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the programme's name alone before a logo is up", async () => {
    await phone.goto(merchant.joinUrl);
    expect(await phone.locator(".card__logo").count()).toBe(0);
    await docShot(phone, DOCS, "logo-before-join-phone");
    await phone.getByRole("button", { name: "Get my card" }).click();
    await phone.waitForURL(/\/c\/[0-9a-f-]{36}\?lang=en$/);
    cardUrl = phone.url();
    expect(await phone.locator(".card__logo").count()).toBe(0);
    await docShot(phone, DOCS, "logo-before-web-card-phone");
  });

  it("refuses a file that is not a logo, in words, and takes an SVG logo", async () => {
    await admin.goto(`${server.url}/admin/login`);
    await admin.getByLabel("E-mail").fill("owner@crema.example");
    await admin.getByLabel("Password").fill("a long password");
    await admin.getByRole("button", { name: "Log in" }).click();
    await admin.waitForURL(/\/admin$/);
    await admin.goto(`${server.url}/admin/programs/${merchant.programId}`);
    await admin.getByRole("link", { name: "Upload or change the logo" }).click();
    await admin.waitForURL(/\/logo$/);

    await admin.getByLabel("Logo file").setInputFiles(join(files, "notes.png"));
    await admin.getByRole("button", { name: "Upload logo" }).click();
    await expect(admin.getByRole("alert").textContent()).resolves.toContain(
      "This file is not a PNG or SVG picture.",
    );

    await admin.getByLabel("Logo file").setInputFiles(join(files, "crema.svg"));
    await admin.getByRole("button", { name: "Upload logo" }).click();
    await admin.waitForURL(/\/logo\?done=saved$/);
    await expect(admin.getByRole("status").first().textContent()).resolves.toContain("Logo saved.");
    await admin.getByRole("img", { name: "Google Wallet (shown in a circle)" }).waitFor();
    await docShot(admin, DOCS, "logo-admin-page");
  });

  it("shows the logo on the join page and the web card on a phone", async () => {
    await phone.goto(merchant.joinUrl);
    const logo = phone.locator(".card__logo");
    await logo.waitFor();
    // Loaded, drawn at Apple's logo size at most (the @3x picture scaled down).
    const size = await logo.evaluate((img: HTMLImageElement) => ({
      natural: img.naturalWidth,
      width: img.getBoundingClientRect().width,
      height: img.getBoundingClientRect().height,
    }));
    expect(size.natural).toBeGreaterThan(0);
    expect(size.width).toBeLessThanOrEqual(160);
    expect(size.height).toBeLessThanOrEqual(50);
    await docShot(phone, DOCS, "logo-after-join-phone");

    await phone.goto(cardUrl);
    await phone.locator(".card__logo").waitFor();
    expect(
      await phone
        .locator(".card__logo")
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    ).toBe(true);
    await docShot(phone, DOCS, "logo-after-web-card-phone");
  });
});
