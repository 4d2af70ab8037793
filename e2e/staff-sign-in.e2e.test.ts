import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForWaiting } from "./support/app-page";
import { type ShopLan, startShopLan } from "./support/shop-lan";
import type { Merchant, StampServer } from "./support/stamp-server";

const EMAIL = "owner@bean-there.example";
const PASSWORD = "a long owner password";

/**
 * Issue 14: an owner adds a cashier with a personal PIN, the till asks who is working, the cashier
 * signs in with the PIN and stamps offline, and the admin's card page shows who gave the stamp —
 * the till and the admin on the server's own HTTPS at the shop's host name (a tablet on the
 * Wi-Fi that trusts the server's local CA), as in https-origins.e2e.test.ts.
 */
describe("staff sign in at the till with a personal PIN, and every stamp says who", () => {
  let server: StampServer;
  let merchant: Merchant;
  let card: { cardId: string; number: string };
  let lan: ShopLan;
  let admin: Page;
  let till: Page;
  let tillContext: BrowserContext;
  let origin: string;

  beforeAll(async () => {
    lan = await startShopLan();
    server = lan.server;
    origin = lan.origin;
    merchant = await server.createMerchant("Bean There");
    await server.cli(
      "create-admin",
      "--email",
      EMAIL,
      "--password",
      PASSWORD,
      "--merchant",
      merchant.merchantId,
    );
    card = await server.createCard(await server.apiKey(merchant.merchantId), merchant.programId);
    admin = await (await lan.browser.newContext()).newPage();
    tillContext = await lan.browser.newContext({ viewport: { width: 1024, height: 768 } });
    till = await tillContext.newPage();
  });

  afterAll(async () => {
    await lan?.stop();
  });

  it("an owner adds a cashier without an e-mail login, with a PIN, and turns sign-in on", async () => {
    await admin.goto(`${origin}/admin/login`);
    await admin.getByLabel("E-mail").fill(EMAIL);
    await admin.getByLabel("Password").fill(PASSWORD);
    await admin.getByRole("button", { name: "Log in" }).click();
    await admin.waitForURL(`${origin}/admin`);
    await admin.goto(`${origin}/admin/staff`);
    await admin.getByLabel("Name").fill("Anna Berg");
    await admin.getByLabel("Personal PIN").fill("4821");
    await admin.getByLabel("PIN again").fill("4821");
    await admin.getByRole("button", { name: "Add", exact: true }).click();
    await admin.getByText("Anna Berg is on the till staff.").waitFor();
    await admin.getByLabel("Tills need a staff sign-in").check();
    await admin.getByRole("button", { name: "Save", exact: true }).click();
    await admin.getByText("The sign-in setting is saved").waitFor();
  });

  it("the paired till asks who is working; a wrong PIN is refused, the right one signs in", async () => {
    await till.goto(`${origin}/app/`);
    await till.getByTestId("pair-code").fill(await server.pairingCode(merchant.locationId));
    await till.getByTestId("pair-submit").click();
    await expect(till.evaluate(() => window.isSecureContext)).resolves.toBe(true);
    await till.getByRole("heading", { name: "Who is working?" }).waitFor();
    await till.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // Two taps: the name, then the PIN on the keypad.
    await till.getByRole("button", { name: "Anna Berg" }).click();
    for (const digit of "1111")
      await till.getByRole("button", { name: digit, exact: true }).click();
    await till.getByRole("button", { name: "Sign in" }).click();
    await till.getByText("That PIN is not right.").waitFor({ timeout: 30_000 });
    // The keyboard works too.
    await till.getByLabel("PIN", { exact: true }).fill("4821");
    await till.keyboard.press("Enter");
    await till.getByTestId("open-camera").waitFor({ timeout: 30_000 });
    await expect(till.getByTestId("staff-badge").textContent()).resolves.toContain("Anna Berg");
  });

  it("stamps offline with her name on the event, and the admin's card page shows her", async () => {
    await tillContext.setOffline(true);
    await till.getByTestId("manual-code").fill(card.number);
    await till.getByRole("button", { name: "Check" }).click();
    await till.getByTestId("card-panel").waitFor();
    await till.getByTestId("add-stamps").click();
    await till.locator('[data-testid="card-count"][data-stamps="1"]').waitFor();
    await waitForWaiting(till, 1);
    const staffOnEvent = await till.evaluate(
      () =>
        new Promise<string | undefined>((resolve, reject) => {
          const open = indexedDB.open("stamp-kiosk");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction("outbox").objectStore("outbox").getAll();
            all.onsuccess = () => resolve((all.result[0] as { staffId?: string }).staffId);
          };
        }),
    );
    expect(staffOnEvent).toMatch(/^[0-9a-f-]{36}$/);

    await tillContext.setOffline(false);
    await waitForWaiting(till, 0, 60_000);
    await admin.goto(`${origin}/admin/cards/${card.cardId}`);
    const cell = admin.locator(`td[data-staff="${staffOnEvent}"]`);
    await expect(cell.first().textContent()).resolves.toBe("Anna Berg");
  });

  it("the manager adds a stamp the till could not give, with a reason the history shows", async () => {
    const added = admin.locator('section[aria-labelledby="add-stamps"]');
    await added.getByLabel("Stamps").fill("2");
    await added.getByLabel("Reason").fill("Till battery was flat");
    await added.getByRole("button", { name: "Add stamps" }).click();
    await admin.getByText("The stamps are added.").waitFor();
    await admin.getByTestId("by-hand").filter({ hasText: "Till battery was flat" }).waitFor();
    await expect(
      server.card(await server.apiKey(merchant.merchantId), card.cardId),
    ).resolves.toMatchObject({ stamps: 3 });
  });
});
