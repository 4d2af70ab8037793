// Pictures of the customer's phone pages at 360×640 (issue 12 §3) for apps/sync-server/docs/phone-360:
// `npm run screenshots:phone -w e2e` writes the "after" set. The "before" set was made by running this
// file with the argument `before` in a copy of main at 707f213 (the file and its helpers copied in:
// support/admin-sign-in.ts, `settled` of support/doc-shot.ts), SHOTS_DIR pointing here.
// Real server, real Chromium: the join page and the web card (first screen and whole page), a
// receipt's page, and the back of the Apple pass drawn from the pkpass's own pass.json.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { signedInAdmin } from "./support/admin-sign-in";
import { launchChromium } from "./support/chromium";
import { settled } from "./support/doc-shot";
import { type Merchant, StampServer } from "./support/stamp-server";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DOCS = process.env.SHOTS_DIR ?? join(ROOT, "apps/sync-server/docs/phone-360");
const LABEL = process.argv[2] === "before" ? "before" : "after";
const SMALL_PHONE = { width: 360, height: 640 };

const BUSINESS = {
  phone: "+49 30 1234 567",
  website: "cafe-blue.example",
  address: "Hauptstraße 1\n10115 Berlin",
};

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await settled(page);
  const path = join(DOCS, `${name}-${LABEL}.png`);
  await page.screenshot({ path, fullPage });
  process.stderr.write(`screenshot: ${path}\n`);
}

interface BackField {
  readonly label?: string;
  readonly value: string;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c,
  );

/** The pass back as Wallet lays it out: one block per back field, links in blue. */
function passBackHtml(organization: string, fields: readonly BackField[]): string {
  const value = (text: string) =>
    /^(https:\/\/\S+|\+?[\d ()./-]{6,})$/.test(text)
      ? `<span class="link">${escapeHtml(text)}</span>`
      : escapeHtml(text).replaceAll("\n", "<br>");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
    body{margin:0;background:#f2f2f7;font:15px -apple-system,system-ui,sans-serif;color:#000}
    h1{font-size:17px;text-align:center;margin:16px}
    .list{margin:0 16px 24px;background:#fff;border-radius:10px}
    .field{padding:11px 16px;border-bottom:1px solid #e5e5ea}.field:last-child{border:0}
    .label{color:#8e8e93;font-size:13px}.link{color:#007aff}
    .none{color:#8e8e93;text-align:center;padding:24px}
  </style></head><body><h1>${escapeHtml(organization)}</h1><div class="list">${
    fields.length === 0
      ? '<div class="none">(no back fields)</div>'
      : fields
          .map(
            (f) =>
              `<div class="field"><div class="label">${escapeHtml(f.label ?? "")}</div><div>${value(
                f.value,
              )}</div></div>`,
          )
          .join("")
  }</div></body></html>`;
}

async function main(): Promise<void> {
  mkdirSync(DOCS, { recursive: true });
  const server = await StampServer.start();
  const browser = await launchChromium();
  try {
    const merchant = await server.cli<Merchant & { joinUrl: string }>(
      "create-merchant",
      "--name",
      "Café Blue",
    );
    const key = await server.apiKey(merchant.merchantId);
    const programPath = `/api/v1/programs/${merchant.programId}`;
    const program = await server.api<Record<string, unknown>>(key, "GET", programPath);
    await server.api(key, "PUT", programPath, { ...program, locales: ["en", "he"] });

    // The merchant's business details, where the admin has a page for them.
    const { page: admin, context: laptop } = await signedInAdmin(
      browser,
      server,
      merchant.merchantId,
    );
    await admin.goto(`${server.url}/admin/business`);
    if ((await admin.locator('input[name="phone"]').count()) > 0) {
      await admin.locator('input[name="phone"]').fill(BUSINESS.phone);
      await admin.locator('input[name="website"]').fill(BUSINESS.website);
      await admin.locator('textarea[name="address"]').fill(BUSINESS.address);
      await admin.locator('form[action="/admin/business"] button[type="submit"]').click();
      await admin.waitForURL(/notice=business/);
    }
    await laptop.close();

    const phone = await browser.newContext({
      viewport: SMALL_PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: "en-US",
    });
    const page = await phone.newPage();
    await page.goto(`${merchant.joinUrl}?lang=en`);
    await shot(page, "join");
    await shot(page, "join-full", true);
    await page.locator('form button[type="submit"]').last().click();
    await page.waitForURL(/\/c\/[0-9a-f-]{36}/);
    const cardId = new URL(page.url()).pathname.split("/")[2] as string;
    await shot(page, "web-card");
    await shot(page, "web-card-full", true);

    const receipt = await server.api<{ url: string }>(key, "POST", "/api/v1/receipts", {
      count: 2,
    });
    await page.goto(`${receipt.url}?lang=en`);
    await shot(page, "receipt");

    const pkpass = await fetch(`${server.url}/passes/${cardId}.pkpass`);
    const dir = mkdtempSync(join(tmpdir(), "stamp-pass-"));
    writeFileSync(join(dir, "card.pkpass"), Buffer.from(await pkpass.arrayBuffer()));
    const passJson = JSON.parse(
      execFileSync("unzip", ["-p", join(dir, "card.pkpass"), "pass.json"]).toString(),
    ) as { organizationName: string; storeCard: { backFields?: BackField[] } };
    await page.setContent(
      passBackHtml(passJson.organizationName, passJson.storeCard.backFields ?? []),
    );
    await shot(page, "pass-back", true);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
