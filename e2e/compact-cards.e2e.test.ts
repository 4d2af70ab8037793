import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceApi } from "../apps/kiosk/src/api/device-api";
import { parsePairAnswer } from "../apps/kiosk/src/device/device-config";
import { pair, waitForWaiting } from "./support/app-page";
import { type ShopLan, startShopLan } from "./support/shop-lan";
import type { Merchant, StampServer } from "./support/stamp-server";
import { tillStamps } from "./support/till-stamps";

const STAMPS = 12;

/** What the till's IndexedDB holds of a card as compact state (schema 2 `snapshots`). */
function snapshotOf(page: Page, cardId: string) {
  return page.evaluate(
    (id) =>
      new Promise<{ at: number; lifetimeStamps: number | null } | null>((resolve, reject) => {
        const open = indexedDB.open("stamp-kiosk");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction("snapshots").objectStore("snapshots").get(id);
          read.onsuccess = () => {
            const row = read.result as
              | { at: number; snapshot: { lifetimeStamps: number } | null }
              | undefined;
            db.close();
            resolve(
              row ? { at: row.at, lifetimeStamps: row.snapshot?.lifetimeStamps ?? null } : null,
            );
          };
        };
      }),
    cardId,
  );
}

/**
 * The kiosk on wire protocol 5 in Chromium: a card another till of its location stamped many
 * times reaches it as a snapshot and its tail (stamp-core SPEC CS1, CS4), kept in IndexedDB and
 * folded by `CompactReplica`; the Staff Scanner shows every stamp, stamps on from there, and the
 * undo of its stamp warns of the reward it takes back, folded over the snapshot.
 */
describe("a till of protocol 5 holds cards as compact state", () => {
  let server: StampServer;
  let merchant: Merchant;
  let key: string;
  let card: { cardId: string; code: string };
  let lan: ShopLan;
  let page: Page;

  beforeAll(async () => {
    lan = await startShopLan();
    server = lan.server;
    merchant = await server.createMerchant("Compact Café");
    key = await server.apiKey(merchant.merchantId);
    const path = `/api/v1/programs/${merchant.programId}`;
    const program = await server.api<Record<string, unknown>>(key, "GET", path);
    await server.api(key, "PUT", path, { ...program, goal: STAMPS + 1 });
    const [created, tillCode] = await Promise.all([
      server.createCard(key, merchant.programId),
      server.pairingCode(merchant.locationId),
    ]);
    card = created;
    const context = await lan.browser.newContext({
      viewport: { width: 1024, height: 768 },
      locale: "en-US",
    });
    page = await context.newPage();
    await pair(page, lan.origin, tillCode);
    await page.locator('[data-testid="connection"].chip--ok').waitFor();
  });

  afterAll(async () => {
    await lan?.stop();
  });

  it("a card stamped at another till of the location arrives as a snapshot and its tail; the till shows every stamp and stamps on", async () => {
    // The other till, paired and pushing through the kiosk's own API code.
    const api = deviceApi((input, init) => fetch(input, init), server.url);
    const paired = await api.pair(await server.pairingCode(merchant.locationId), "Back", "staff");
    if (paired.kind !== "ok") throw new Error(paired.kind);
    const other = parsePairAnswer(paired.body);
    if (!other.ok) throw new Error(other.problem);
    const stamp = tillStamps(other.config.deviceId, merchant);
    const events = Array.from({ length: STAMPS }, () => stamp(card.cardId));
    const pushed = await api.sync(other.config.token, { cursor: null, events });
    expect(pushed.kind).toBe("ok");

    // The card joined the till's location: its held pull is answered with the compact card.
    await expect
      .poll(() => snapshotOf(page, card.cardId), { timeout: 30_000 })
      .toMatchObject({ lifetimeStamps: expect.any(Number) });
    const held = await snapshotOf(page, card.cardId);
    expect(held?.lifetimeStamps).toBeLessThan(STAMPS);

    await page.getByTestId("manual-code").fill(card.code);
    await page.getByRole("button", { name: "Check" }).click();
    const count = page.getByTestId("card-count");
    await expect.poll(() => count.getAttribute("data-stamps")).toBe(String(STAMPS));

    // The till's stamp completes the goal; undoing it is previewed over the snapshot, which holds
    // most of the stamps that earned the reward.
    await page.getByTestId("add-stamps").click();
    await page.getByTestId("reward-earned").waitFor();
    await page.getByTestId("undo").click();
    await page.getByRole("dialog", { name: "Undo this stamp?" }).waitFor();
    await page.getByTestId("keep-stamp").click();
    await waitForWaiting(page, 0);
    await expect
      .poll(async () => (await server.card(key, card.cardId)).lifetimeStamps)
      .toBe(STAMPS + 1);
  });
});
