import { EVENT_VERSION, formatHlc, nodeIdForDevice } from "@stamp/core";
import type { BrowserContext, Page, Route } from "playwright-core";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUSH_BATCH } from "../apps/kiosk/src/sync/sync-protocol";
import { pair, scanWithWedge, waitForWaiting } from "./support/app-page";
import { type ShopLan, startShopLan } from "./support/shop-lan";
import type { Merchant, StampServer } from "./support/stamp-server";

/** Two full pushes and a short one: the second goes out while the first answer is stored. */
const BACKLOG = 2 * PUSH_BATCH + 3;
/** The push whose answer the till never reads, though the server stored it. */
const LOST = 2;

interface Card {
  readonly cardId: string;
  readonly code: string;
}

interface Push {
  readonly sent: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly lost: boolean;
}

/**
 * Stamps the till made offline, as the kiosk writes them, put in its outbox and log in one
 * transaction with their change to the log's counts (`storage/log-counts.ts`), as its writer does.
 */
function queueOffline(events: readonly { cardId: string }[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("stamp-kiosk");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(["outbox", "log", "logCountChanges"], "readwrite");
      const change: Record<string, number> = {};
      for (const event of events) {
        tx.objectStore("outbox").add(event);
        tx.objectStore("log").add(event);
        change[event.cardId] = (change[event.cardId] ?? 0) + 1;
      }
      tx.objectStore("logCountChanges").add({ change });
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

function deviceOf(): Promise<{ deviceId: string; merchantId: string; programId: string }> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("stamp-kiosk");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const read = db.transaction("config").objectStore("config").get("device");
      read.onsuccess = () => {
        db.close();
        const { deviceId, merchant, programs } = read.result.value;
        resolve({ deviceId, merchantId: merchant.id, programId: programs[0].id });
      };
      read.onerror = () => reject(read.error);
    };
  });
}

/** `count` stamps of the till over `cards` in turn, dated from `startMs` on (16 a millisecond). */
function offlineStamps(
  device: { deviceId: string; merchantId: string; programId: string },
  cards: readonly Card[],
  count: number,
  startMs: number,
) {
  const node = nodeIdForDevice(device.deviceId);
  return Array.from({ length: count }, (_, i) => {
    const millis = startMs + Math.floor(i / 16);
    return {
      id: uuidv7({ msecs: millis }),
      v: EVENT_VERSION,
      hlc: formatHlc({ millis, counter: i % 16, node }),
      ...device,
      cardId: (cards[i % cards.length] as Card).cardId,
      type: "stamps.added",
      count: 1,
      channel: "staff",
    };
  });
}

/**
 * A till's backlog against a real `stampd` behind the shop's HTTPS, and an answer lost on the way
 * back: the server stored the till's second push (sent while the first answer was being stored,
 * `sync/sync-engine.ts`) and answered, and the connection dropped before the till read it. The
 * till keeps the batch, sends it again; the server keeps every event once, and the till shows the
 * server's counts and nothing waiting. (`apps/kiosk/src/sync/lost-answer.test.ts` is the same
 * against a server written for the test.)
 */
describe("a push whose answer is lost after the server stored it", () => {
  let server: StampServer;
  let merchant: Merchant;
  let key: string;
  let scanned: Card;
  let queued: Card[];
  let lan: ShopLan;
  let context: BrowserContext;
  let page: Page;
  const pushes: Push[] = [];

  beforeAll(async () => {
    lan = await startShopLan();
    server = lan.server;
    merchant = await server.createMerchant("Lost Answer Café");
    key = await server.apiKey(merchant.merchantId);
    const enroll = () => server.createCard(key, merchant.programId);
    let code: string;
    [scanned, code, ...queued] = await Promise.all([
      enroll(),
      server.pairingCode(merchant.locationId),
      enroll(),
      enroll(),
    ]);
    context = await lan.browser.newContext({
      viewport: { width: 1024, height: 768 },
      locale: "en-US",
    });
    page = await context.newPage();
    await pair(page, lan.origin, code);
    await page.locator('[data-testid="connection"].chip--ok').waitFor();
  });

  afterAll(async () => {
    await context?.unrouteAll({ behavior: "ignoreErrors" });
    await lan?.stop();
  });

  /** Every sync request goes to the server; the answer to push `LOST` is dropped once read. */
  async function passOrLose(route: Route): Promise<void> {
    const request = route.request().postDataJSON() as { events?: unknown[] };
    const sent = request.events?.length ?? 0;
    // From this process, which knows the server by its loopback address, not the shop's name.
    const response = await route.fetch({ url: `${server.url}/api/v1/sync`, timeout: 0 });
    if (sent > 0) {
      const answer = (await response.json()) as { accepted: string[]; duplicates: string[] };
      const lost = pushes.length + 1 === LOST;
      pushes.push({
        sent,
        accepted: answer.accepted.length,
        duplicates: answer.duplicates.length,
        lost,
      });
      if (lost) return route.abort("connectionreset");
    }
    return route.fulfill({ response });
  }

  it("queues a backlog offline and a stamp scanned on top", async () => {
    await context.setOffline(true);
    const device = await page.evaluate(deviceOf);
    const offlineAt = Date.now();
    await page.evaluate(queueOffline, offlineStamps(device, queued, BACKLOG, offlineAt));
    // The kiosk reads what it holds at start: a till that was offline all along.
    await page.reload();
    await page.getByTestId("mode-autopilot").click();
    await page.getByTestId("autopilot-status").waitFor();
    await scanWithWedge(page, scanned.code);
    await page.locator('[data-testid="autopilot-status"][data-tone="ok"]').waitFor();
    await waitForWaiting(page, BACKLOG + 1);
  });

  it("sends the lost batch again when back online: the server holds every event once", async () => {
    await context.route((url) => url.pathname === "/api/v1/sync", passOrLose);
    await context.setOffline(false);
    await waitForWaiting(page, 0, 90_000);
    // The lost push was stored; sent again, all of it came back as duplicates.
    const lost = pushes.findIndex((p) => p.lost);
    expect(lost).toBe(LOST - 1);
    expect(pushes[lost]).toMatchObject({ sent: PUSH_BATCH, accepted: PUSH_BATCH, duplicates: 0 });
    expect(pushes[lost + 1]).toMatchObject({ sent: PUSH_BATCH, accepted: 0 });
    expect(pushes[lost + 1]?.duplicates).toBe(PUSH_BATCH);
    const total = (field: "sent" | "accepted" | "duplicates") =>
      pushes.reduce((sum, p) => sum + p[field], 0);
    expect(total("accepted")).toBe(BACKLOG + 1);
    expect(total("sent")).toBe(BACKLOG + 1 + PUSH_BATCH);
    const views = await Promise.all([scanned, ...queued].map((c) => server.card(key, c.cardId)));
    expect(views.map((v) => v.lifetimeStamps)).toEqual([
      1,
      Math.ceil(BACKLOG / 2),
      Math.floor(BACKLOG / 2),
    ]);
  });

  it("shows the server's counts on the till, and nothing waiting", async () => {
    await page.getByTestId("mode-staff").click();
    for (const card of [scanned, ...queued]) {
      const view = await server.card(key, card.cardId);
      await page.getByTestId("manual-code").fill(card.code);
      await page.getByRole("button", { name: "Check" }).click();
      await expect
        .poll(() => page.getByTestId("card-count").getAttribute("data-stamps"))
        .toBe(String(view.stamps));
      await page.getByTestId("next-card").click();
    }
    await waitForWaiting(page, 0);
  });
});
