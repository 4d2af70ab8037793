import { STREAM_SILENCE_MS } from "@stamp/wire-protocol";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holds, pair } from "./support/app-page";
import { BufferingProxy } from "./support/buffering-proxy";
import { launchChromium } from "./support/chromium";
import { freePort } from "./support/free-port";
import { otherTill } from "./support/other-till";
import { StampServer } from "./support/stamp-server";
import { type SyncCall, watchSync } from "./support/sync-calls";

/**
 * A kiosk behind a proxy that holds its held stream back (issue 16): it hears not a byte of the
 * stream, leaves it after STREAM_SILENCE_MS, long-polls its held pulls from then on and says so
 * (status bar, Settings); another till's stamp reaches it at once on a long-poll. (Caddy 2.6.2's
 * `encode gzip`, deploy/Caddyfile before eddc9a7, no longer shows it: it holds the stream's head
 * back until the first heartbeat, finds 3 bytes too few to compress and passes the rest on.)
 */
describe("the kiosk behind a proxy that buffers its stream", () => {
  let server: StampServer;
  let proxy: BufferingProxy;
  let browser: Browser;
  let page: Page;
  let calls: SyncCall[];
  let cardId: string;
  let stampElsewhere: (cardId: string) => Promise<string>;

  beforeAll(async () => {
    const port = await freePort();
    server = await StampServer.start({
      network: { publicUrl: () => `http://127.0.0.1:${port}`, trustProxy: "loopback" },
    });
    proxy = await BufferingProxy.start(server.url, port);
    const merchant = await server.createMerchant("Corner Bakery");
    const key = await server.apiKey(merchant.merchantId);
    cardId = (await server.createCard(key, merchant.programId)).cardId;
    stampElsewhere = await otherTill(server, merchant);
    await stampElsewhere(cardId);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    calls = watchSync(page);
    await pair(page, proxy.url, await server.pairingCode(merchant.locationId));
    await page.locator('[data-testid="connection"].chip--ok').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.stop();
    await server?.stop();
  });

  it("long-polls after a stream it heard nothing of, says so, and another till's stamp still arrives at once", async () => {
    await expect.poll(() => calls.some((c) => c.stream), { timeout: 30_000 }).toBe(true);
    await page.getByTestId("stream-held-back").waitFor({ timeout: STREAM_SILENCE_MS + 30_000 });
    const streams = calls.filter((c) => c.stream);
    expect(streams).toHaveLength(1);
    expect(streams[0]?.failed).toBe(true);
    await expect.poll(() => calls.at(-1)).toMatchObject({ stream: false, events: 0 });
    const sent = Date.now();
    const id = await stampElsewhere(cardId);
    await expect.poll(() => holds(page, id), { timeout: 15_000, interval: 50 }).toBe(true);
    console.info(`another till's stamp reached the long-polling kiosk in ${Date.now() - sent} ms`);
    expect(calls.filter((c) => c.stream)).toHaveLength(1);
    await page.getByTestId("open-settings").click();
    await expect(page.getByTestId("sync-held-back").textContent()).resolves.toContain(
      "text/event-stream",
    );
  }, 180_000);
});
