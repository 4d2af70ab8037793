import { rmSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holds, pair, waitForWaiting } from "./support/app-page";
import { Caddy } from "./support/caddy";
import { launchChromium } from "./support/chromium";
import { homeTrusting } from "./support/device-trust";
import { freePort } from "./support/free-port";
import { otherTill } from "./support/other-till";
import { SHOP_HOST } from "./support/shop-lan";
import { type Merchant, StampServer } from "./support/stamp-server";
import { type SyncCall, watchSync } from "./support/sync-calls";

/** The idle window the requests are counted over, a stamp elsewhere each second (s). */
const WINDOW_S = 30;

/** A stamp at the kiosk's Staff Scanner, by the card's code typed in: the till's own event. */
async function stampHere(page: Page, code: string): Promise<void> {
  await page.getByTestId("manual-code").fill(code);
  await page.getByRole("button", { name: "Check" }).click();
  await page.getByTestId("card-panel").waitFor();
  await page.getByTestId("add-stamps").click();
  await page.getByTestId("next-card").click();
}

/**
 * Issue 16 in Chromium through the deploy guide's Caddy at a shop's host name: an idle kiosk holds
 * its pull as one stream of server-sent events (wire protocol `pull-stream`). Another till's stamp
 * reaches it on that stream; a scan leaves the stream for a round of its own and the stream comes
 * back; offline and back it streams again with nothing lost or doubled.
 */
describe("the kiosk's idle pull is one stream, through Caddy", () => {
  let server: StampServer;
  let caddy: Caddy;
  let home: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let merchant: Merchant;
  let key: string;
  let cards: { cardId: string; code: string }[];
  let stampElsewhere: (cardId: string) => Promise<string>;
  let calls: SyncCall[];
  /** A server that never streams (MAX_STREAM_SECONDS=0): its tills long-poll, as before. */
  let longPolling: StampServer | undefined;

  const streaming = () => calls.filter((c) => c.stream && !c.failed).length > 0;

  beforeAll(async () => {
    const httpsPort = await freePort();
    const origin = `https://${SHOP_HOST}:${httpsPort}`;
    server = await StampServer.start({
      network: { publicUrl: () => origin, trustProxy: "loopback" },
    });
    caddy = await Caddy.start(SHOP_HOST, Number(new URL(server.url).port), httpsPort);
    merchant = await server.createMerchant("Corner Bakery");
    key = await server.apiKey(merchant.merchantId);
    cards = await Promise.all([1, 2].map(() => server.createCard(key, merchant.programId)));
    stampElsewhere = await otherTill(server, merchant);
    // Both cards are the location's before the kiosk pairs: later stamps reach it as events.
    for (const card of cards) await stampElsewhere(card.cardId);
    home = await homeTrusting(caddy.rootCertificate);
    browser = await launchChromium(undefined, {
      hostResolverRules: `MAP ${SHOP_HOST} 127.0.0.1`,
      home,
    });
    context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    page = await context.newPage();
    calls = watchSync(page);
    await pair(page, origin, await server.pairingCode(merchant.locationId));
    await page.locator('[data-testid="connection"].chip--ok').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await longPolling?.stop();
    await caddy?.stop();
    await server?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it("streams its idle held pull, and another till's stamp arrives on that stream", async () => {
    await expect.poll(streaming, { timeout: 30_000 }).toBe(true);
    const requests = calls.length;
    const sent = Date.now();
    const id = await stampElsewhere(cards[0]?.cardId ?? "");
    await expect.poll(() => holds(page, id), { timeout: 15_000, interval: 50 }).toBe(true);
    console.info(`another till's stamp reached the streaming kiosk in ${Date.now() - sent} ms`);
    // No request of its own brought it: the open stream did.
    expect(calls.length).toBe(requests);
    expect(streaming()).toBe(true);
  });

  it("leaves the stream for a stamp of its own: it goes up in a round of its own, then it streams again", async () => {
    const open = calls.length;
    await stampHere(page, cards[1]?.code ?? "");
    await waitForWaiting(page, 0, 60_000);
    await expect(server.card(key, cards[1]?.cardId ?? "")).resolves.toMatchObject({
      lifetimeStamps: 2,
    });
    await expect.poll(streaming, { timeout: 30_000 }).toBe(true);
    const since = calls.slice(open - 1);
    expect(since[0]).toMatchObject({ stream: true, failed: true });
    expect(since.some((c) => c.events === 1 && !c.stream)).toBe(true);
    expect(since.at(-1)).toMatchObject({ stream: true, failed: false });
  });

  it("sends a second tab's stamp at once, though the first holds the sync lock and its stream", async () => {
    await expect.poll(streaming, { timeout: 30_000 }).toBe(true);
    const second = await context.newPage();
    await second.goto(page.url());
    const sent = Date.now();
    await stampHere(second, cards[0]?.code ?? "");
    const stamps = async () => (await server.card(key, cards[0]?.cardId ?? "")).lifetimeStamps;
    await expect.poll(stamps, { timeout: 20_000 }).toBe(3);
    console.info(`a second tab's stamp reached the server in ${Date.now() - sent} ms`);
    await second.close();
    await expect.poll(streaming, { timeout: 30_000 }).toBe(true);
  });

  it("streams again after the network went and came back: nothing lost, nothing doubled", async () => {
    await context.setOffline(true);
    await page.locator('[data-testid="connection"].chip--offline').waitFor();
    await expect.poll(streaming).toBe(false);
    await stampHere(page, cards[0]?.code ?? "");
    await waitForWaiting(page, 1);
    const meanwhile = await stampElsewhere(cards[1]?.cardId ?? "");
    const offline = calls.length;
    await context.setOffline(false);
    await waitForWaiting(page, 0, 60_000);
    await expect.poll(() => holds(page, meanwhile), { timeout: 30_000 }).toBe(true);
    await expect.poll(streaming, { timeout: 30_000 }).toBe(true);
    expect(calls.slice(offline).filter((c) => c.stream)).toHaveLength(1);
    // Each card: a stamp elsewhere before the kiosk paired, one more elsewhere, one here (and
    // the first card one in the second tab).
    await expect(server.card(key, cards[0]?.cardId ?? "")).resolves.toMatchObject({
      lifetimeStamps: 4,
    });
    await expect(server.card(key, cards[1]?.cardId ?? "")).resolves.toMatchObject({
      lifetimeStamps: 3,
    });
    expect(await page.getByTestId("rejected").count()).toBe(0);
  });

  it("makes fewer requests idle on a stream than on long-polls, its location stamping every second", async () => {
    longPolling = await StampServer.start({ env: { MAX_STREAM_SECONDS: "0" } });
    const other = await longPolling.createMerchant("Harbour Bakery");
    const otherKey = await longPolling.apiKey(other.merchantId);
    const otherCard = await longPolling.createCard(otherKey, other.programId);
    const stampThere = await otherTill(longPolling, other);
    await stampThere(otherCard.cardId);
    const polling = await context.newPage();
    const polls = watchSync(polling);
    await pair(polling, longPolling.url, await longPolling.pairingCode(other.locationId));
    await polling.locator('[data-testid="connection"].chip--ok').waitFor();
    await expect.poll(streaming, { timeout: 30_000 }).toBe(true);
    await expect.poll(() => polls.some((c) => !c.stream && c.events === 0)).toBe(true);

    // Both kiosks idle while another till of each one's location stamps once a second.
    const streamedBefore = calls.length;
    const polledBefore = polls.length;
    const started = Date.now();
    let last = { here: "", there: "" };
    for (let second = 0; second < WINDOW_S; second++) {
      const tick = Date.now();
      last = {
        here: await stampElsewhere(cards[second % 2]?.cardId ?? ""),
        there: await stampThere(otherCard.cardId),
      };
      await polling.waitForTimeout(Math.max(0, 1_000 - (Date.now() - tick)));
    }
    await expect.poll(() => holds(page, last.here), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => holds(polling, last.there), { timeout: 15_000 }).toBe(true);
    const minutes = (Date.now() - started) / 60_000;
    const perMinute = (n: number) => (n / minutes).toFixed(1);
    const streamed = calls.length - streamedBefore;
    const polled = polls.length - polledBefore;
    console.info(
      `sync requests per idle minute (e2e count over ${(minutes * 60).toFixed(1)} s, a stamp a second in the location): stream ${perMinute(streamed)} (${streamed}), long-poll ${perMinute(polled)} (${polled})`,
    );
    expect(streamed).toBeLessThan(polled);
    expect(streamed).toBeLessThanOrEqual(2);
  }, 180_000);
});
