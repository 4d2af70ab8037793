import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pair, scanWithWedge, waitForWaiting, waitingCount } from "./support/app-page";
import { type ShopLan, startShopLan } from "./support/shop-lan";
import type { Merchant, StampServer } from "./support/stamp-server";

/** Which writes a full disk refuses: to `store` (rows whose `key` is `key`, when given), `count` more. */
interface DiskFault {
  readonly store: string;
  readonly key?: string;
  readonly count: number;
}

/**
 * The next `count` writes the fault names fail as a full disk does in Chromium: the request throws
 * a `QuotaExceededError` DOMException and the transaction aborts. (Chromium's quota override, CDP
 * `Storage.overrideQuotaForOrigin`, does not make IndexedDB writes of a browser context fail.)
 */
function fillDisk(fault: DiskFault): void {
  const global = window as unknown as {
    diskFull?: { -readonly [K in keyof DiskFault]: DiskFault[K] } & { refused: number };
  };
  global.diskFull = { ...fault, refused: 0 };
  const patched = IDBObjectStore.prototype as IDBObjectStore & { fillable?: true };
  if (patched.fillable) return;
  patched.fillable = true;
  for (const method of ["add", "put"] as const) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: [unknown]) {
      const full = global.diskFull;
      const row = args[0] as { key?: unknown } | undefined;
      if (
        full &&
        full.count > 0 &&
        this.name === full.store &&
        (full.key === undefined || row?.key === full.key)
      ) {
        full.count -= 1;
        full.refused += 1;
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      }
      return original.apply(this, args);
    } as typeof original;
  }
}

/** Writes of the outbox: a scan's event. */
const OUTBOX = { store: "outbox" } as const;
/** The sync's write of an answer: its pulled page and compact cards go with the new cursor. */
const ANSWER = { store: "meta", key: "cursor" } as const;

/**
 * A till whose disk is full when a scan's event is written: the cashier is told the stamp was not
 * saved and why, nothing is queued or shown as stamped; when folding the log makes room, the
 * write is made once more and the stamp is saved; the server holds exactly the saved stamps.
 * And one whose disk is full when the sync stores an answer: staff are told, stamping goes on,
 * and the sync catches up by itself once there is space.
 */
describe("a till with a full disk loses no stamp silently", () => {
  let server: StampServer;
  let merchant: Merchant;
  let key: string;
  let card: { cardId: string; code: string };
  let lan: ShopLan;
  let context: BrowserContext;
  let page: Page;

  const status = () => page.getByTestId("autopilot-status");

  beforeAll(async () => {
    lan = await startShopLan();
    server = lan.server;
    merchant = await server.createMerchant("Full Disk Deli");
    key = await server.apiKey(merchant.merchantId);
    const [created, tillCode] = await Promise.all([
      server.createCard(key, merchant.programId),
      server.pairingCode(merchant.locationId),
    ]);
    card = created;
    context = await lan.browser.newContext({
      viewport: { width: 1024, height: 768 },
      locale: "en-US",
    });
    page = await context.newPage();
    await pair(page, lan.origin, tillCode);
    await page.locator('[data-testid="connection"].chip--ok').waitFor();
    await page.getByTestId("mode-autopilot").click();
    await status().waitFor();
  });

  afterAll(async () => {
    await lan?.stop();
  });

  it("says the stamp was not saved, and why, and queues nothing", async () => {
    await page.evaluate(fillDisk, { ...OUTBOX, count: Number.POSITIVE_INFINITY });
    await scanWithWedge(page, card.code);
    await page.locator('[data-testid="autopilot-status"][data-tone="error"]').waitFor();
    await expect(status().textContent()).resolves.toContain("Not saved");
    await expect(status().textContent()).resolves.toContain("storage is full");
    await expect(page.locator(".banner[role=alert]").textContent()).resolves.toContain(
      "storage is full",
    );
    expect(await waitingCount(page)).toBe(0);
    expect((await server.card(key, card.cardId)).stamps).toBe(0);
  });

  it("makes room by folding the log and saves the stamp; the server holds exactly that stamp", async () => {
    // Full for one more write: the one the scan tries first; after the fold there is room.
    await page.evaluate(fillDisk, { ...OUTBOX, count: 1 });
    // The wedge ignores the same code within 2 s as a double trigger.
    await page.waitForTimeout(2_100);
    await scanWithWedge(page, card.code);
    await page.locator('[data-testid="autopilot-status"][data-tone="ok"]').waitFor();
    await expect.poll(() => page.locator(".banner[role=alert]").count()).toBe(0);
    expect(await page.evaluate(() => (window as { diskFull?: DiskFault }).diskFull?.count)).toBe(0);
    await waitForWaiting(page, 0);
    await expect.poll(async () => (await server.card(key, card.cardId)).stamps).toBe(1);
  });

  it("cannot store what the server answers: staff are told the storage is full, stamping goes on, and the sync catches up by itself once there is space", async () => {
    const banner = page.getByTestId("sync-storage-full");
    const refused = () =>
      page.evaluate(() => (window as { diskFull?: { refused: number } }).diskFull?.refused ?? 0);
    // Two customers (Autopilot holds a card back for the program's cooldown after its stamp).
    const [first, second] = await Promise.all([
      server.createCard(key, merchant.programId),
      server.createCard(key, merchant.programId),
    ]);
    // Every answer's write fails, even after the fold made what room it could.
    await page.evaluate(fillDisk, { ...ANSWER, count: Number.POSITIVE_INFINITY });
    await scanWithWedge(page, first.code);
    await waitForWaiting(page, 1);
    await banner.waitFor();
    // The run wrote the answer, folded the log, wrote it once more, and said so.
    expect(await refused()).toBe(2);
    await expect(banner.textContent()).resolves.toContain("storage is full");
    await expect(banner.textContent()).resolves.toContain("Stamping still works");
    // The stamp reached the server; the answer saying so could not be stored, so it stays queued.
    await expect.poll(async () => (await server.card(key, first.cardId)).stamps).toBe(1);
    expect(await waitingCount(page)).toBe(1);
    // Not the screens' "nothing was saved": the cashier's stamp was saved.
    expect(await page.locator(".banner[role=alert]").count()).toBe(1);

    // Stamping goes on from what the till holds; the run its stamp starts fails too.
    const before = await refused();
    await scanWithWedge(page, second.code);
    await waitForWaiting(page, 2);
    await expect.poll(refused).toBeGreaterThanOrEqual(before + 2);
    await expect(banner.isVisible()).resolves.toBe(true);

    // Space frees (staff deleted photos): the backoff's next run stores the answer, no one touches
    // the till.
    await page.evaluate(fillDisk, { ...ANSWER, count: 0 });
    await banner.waitFor({ state: "detached", timeout: 60_000 });
    await waitForWaiting(page, 0);
    await expect.poll(async () => (await server.card(key, second.cardId)).stamps).toBe(1);
    expect((await server.card(key, first.cardId)).stamps).toBe(1);
  });
});
