import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceApi } from "../apps/kiosk/src/api/device-api";
import { parsePairAnswer } from "../apps/kiosk/src/device/device-config";
import { signedInAdmin } from "./support/admin-sign-in";
import { pair } from "./support/app-page";
import { type ShopLan, startShopLan } from "./support/shop-lan";
import type { Merchant, StampServer } from "./support/stamp-server";
import { tillStamps } from "./support/till-stamps";

const STAMPS = 3;

/** How many rows the till's IndexedDB holds of a card: its log's events and its snapshot. */
function heldRows(page: Page, cardId: string) {
  return page.evaluate(
    (id) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open("stamp-kiosk");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(["log", "snapshots"]);
          const events = tx.objectStore("log").index("cardId").count(id);
          const snapshot = tx.objectStore("snapshots").count(id);
          tx.oncomplete = () => {
            db.close();
            resolve(events.result + snapshot.result);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    cardId,
  );
}

/** Sets a location's sync scope through the admin's form, as the merchant does. */
async function setScope(admin: Page, origin: string, locationId: string, scope: string) {
  await admin.goto(`${origin}/admin/locations`);
  const form = admin.locator(`form[action="/admin/locations/${locationId}/sync-scope"]`);
  await form.locator(`input[name="scope"][value="${scope}"]`).check();
  await form.locator('button[type="submit"]').click();
  await admin.waitForURL(/notice=sync-scope/);
}

/**
 * Issue 16 in Chromium against `stampd` over HTTP: a till whose location replicates the merchant's
 * whole log holds a card stamped only at the harbour shop; when the merchant sets its location
 * back to its own cards, the till pulls its view anew and the card leaves its IndexedDB (stamp-core
 * SPEC SC9); scanned later, it is fetched on demand with every stamp.
 */
describe("a till whose sync scope narrows lets the cards outside it go", () => {
  let lan: ShopLan;
  let server: StampServer;
  let merchant: Merchant;
  let key: string;
  let admin: Page;
  let harbour: string;
  let page: Page;

  beforeAll(async () => {
    lan = await startShopLan();
    server = lan.server;
    merchant = await server.createMerchant("Narrowing Café");
    key = await server.apiKey(merchant.merchantId);
    ({ page: admin } = await signedInAdmin(lan.browser, server, merchant.merchantId));
    await setScope(admin, server.url, merchant.locationId, "merchant");
    await admin.goto(`${server.url}/admin/locations`);
    const adding = admin.locator('form[action="/admin/locations"]');
    await adding.locator('input[name="name"]').fill("Harbour");
    await adding.locator('input[name="pin"]').fill("2468");
    await adding.locator('input[name="confirm"]').fill("2468");
    await adding.locator('button[type="submit"]').click();
    await admin.waitForURL(/\/admin\/locations/);
    const scopes = admin.locator('form[action$="/sync-scope"]');
    await scopes.nth(1).waitFor();
    const actions = await scopes.evaluateAll((forms) => forms.map((f) => f.getAttribute("action")));
    const other = actions.find((action) => !action?.includes(merchant.locationId));
    harbour = other?.split("/")[3] as string;
    const context = await lan.browser.newContext({
      viewport: { width: 1024, height: 768 },
      locale: "en-US",
    });
    page = await context.newPage();
    await pair(page, lan.origin, await server.pairingCode(merchant.locationId));
    await page.locator('[data-testid="connection"].chip--ok').waitFor();
  });

  afterAll(async () => {
    await lan?.stop();
  });

  it("holds a card of another shop in the merchant's scope, lets it go in its location's, and fetches it when scanned", async () => {
    const card = await server.createCard(key, merchant.programId);
    const api = deviceApi((input, init) => fetch(input, init), server.url);
    const paired = await api.pair(await server.pairingCode(harbour), "Harbour", "staff");
    if (paired.kind !== "ok") throw new Error(paired.kind);
    const other = parsePairAnswer(paired.body);
    if (!other.ok) throw new Error(other.problem);
    const stamp = tillStamps(other.config.deviceId, merchant);
    const events = Array.from({ length: STAMPS }, () => stamp(card.cardId));
    expect((await api.sync(other.config.token, { cursor: null, events })).kind).toBe("ok");
    await expect.poll(() => heldRows(page, card.cardId), { timeout: 30_000 }).toBeGreaterThan(0);

    await setScope(admin, server.url, merchant.locationId, "location");
    await expect.poll(() => heldRows(page, card.cardId), { timeout: 60_000 }).toBe(0);

    await page.getByTestId("manual-code").fill(card.code);
    await page.getByRole("button", { name: "Check" }).click();
    const count = page.getByTestId("card-count");
    await expect.poll(() => count.getAttribute("data-stamps")).toBe(String(STAMPS));
  });
});
