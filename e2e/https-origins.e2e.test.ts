import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pair, scanWithWedge, waitForWaiting } from "./support/app-page";
import { Caddy } from "./support/caddy";
import { launchChromium } from "./support/chromium";
import { homeTrusting } from "./support/device-trust";
import { docShot } from "./support/doc-shot";
import { freePort } from "./support/free-port";
import { SHOP_HOST } from "./support/shop-lan";
import { type Merchant, StampServer } from "./support/stamp-server";

interface Card {
  readonly cardId: string;
  readonly code: string;
}

/** One way a shop runs Stamp, set up by `beforeAll`: where the tills open it, what they trust. */
interface Deployment {
  server: StampServer;
  /** The HTTPS origin tablets use. */
  origin: string;
  /** The CA a device must trust to open `origin` (PEM file). */
  ca: string;
  cleanup: () => Promise<void>;
}

/**
 * The same till session on each deployment: a tablet that trusts the shop's CA pairs over HTTPS
 * at a real host name, stamps with Autopilot offline, survives a reload offline (the service
 * worker and the queue), and sends everything once it is back online.
 */
function tillOnTheNetwork(
  title: string,
  deploy: () => Promise<Deployment>,
  extra?: (d: () => Deployment, p: () => Page) => void,
) {
  describe(title, () => {
    let deployment: Deployment;
    let merchant: Merchant;
    let apiKey: string;
    let cards: Card[];
    let home: string;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      deployment = await deploy();
      const { server } = deployment;
      merchant = await server.createMerchant("Corner Bakery");
      apiKey = await server.apiKey(merchant.merchantId);
      cards = await Promise.all([1, 2].map(() => server.createCard(apiKey, merchant.programId)));
      home = await homeTrusting(deployment.ca);
      browser = await launchChromium(undefined, {
        hostResolverRules: `MAP ${SHOP_HOST} 127.0.0.1`,
        home,
      });
      context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      page = await context.newPage();
    });

    afterAll(async () => {
      await browser?.close();
      await deployment?.cleanup();
      if (home) rmSync(home, { recursive: true, force: true });
    });

    extra?.(
      () => deployment,
      () => page,
    );

    it("pairs over HTTPS at the shop's host name, as a secure context", async () => {
      const { server, origin } = deployment;
      await pair(page, origin, await server.pairingCode(merchant.locationId));
      expect(new URL(page.url()).origin).toBe(origin);
      await expect(page.evaluate(() => window.isSecureContext)).resolves.toBe(true);
      await page.locator('[data-testid="connection"].chip--ok').waitFor();
    });

    it("stamps with Autopilot offline and keeps the queue through a reload offline", async () => {
      await context.setOffline(true);
      await page.reload();
      await page.getByTestId("open-camera").waitFor();
      await page.getByTestId("mode-autopilot").click();
      await page.getByTestId("autopilot-status").waitFor();
      for (const [i, card] of cards.entries()) {
        await scanWithWedge(page, card.code);
        await waitForWaiting(page, i + 1);
      }
      await page.reload();
      await page.getByTestId("autopilot-status").waitFor();
      await waitForWaiting(page, cards.length);
    });

    it("sends everything once back online: the server holds exactly those stamps", async () => {
      await context.setOffline(false);
      await waitForWaiting(page, 0, 60_000);
      for (const card of cards)
        await expect(deployment.server.card(apiKey, card.cardId)).resolves.toMatchObject({
          stamps: 1,
          lifetimeStamps: 1,
        });
      expect(await page.getByTestId("rejected").count()).toBe(0);
    });
  });
}

tillOnTheNetwork(
  "the server's own HTTPS on the shop's Wi-Fi, its local CA trusted",
  async () => {
    const httpsPort = await freePort();
    const server = await StampServer.start({
      network: { publicUrl: (port) => `http://${SHOP_HOST}:${port}`, httpsPort },
    });
    return {
      server,
      origin: `https://${SHOP_HOST}:${httpsPort}`,
      ca: join(server.dataDir, "certs", "local-ca.pem"),
      cleanup: () => server.stop(),
    };
  },
  (deployment, page) => {
    const plainOrigin = () => `http://${SHOP_HOST}:${new URL(deployment().server.url).port}`;

    it("on plain HTTP, /setup hands out the CA a device must trust and the secure kiosk address", async () => {
      await page().goto(`${plainOrigin()}/setup`);
      const download = page().locator('a[href="/setup/local-ca.crt"]');
      await download.waitFor();
      // Fetched by the device, over the plain HTTP it can already reach.
      const served = await page().evaluate(async () => {
        const response = await fetch("/setup/local-ca.crt");
        return {
          type: response.headers.get("content-type"),
          bytes: (await response.arrayBuffer()).byteLength,
        };
      });
      expect(served.type).toBe("application/x-x509-ca-cert");
      expect(served.bytes).toBeGreaterThan(200);
      await page().locator(`a[href="${deployment().origin}/app/"]`).first().waitFor();
      await docShot(page(), "apps/sync-server/docs", "setup-tablet");
    });

    it("on plain HTTP, the till says why and links to the secure address, with its QR code", async () => {
      await page().goto(`${plainOrigin()}/app/`);
      const screen = page().getByTestId("insecure-context");
      await screen.waitFor();
      const link = page().getByTestId("secure-address");
      await expect(link.getAttribute("href")).resolves.toBe(`${deployment().origin}/app/`);
      const qr = screen.locator("img");
      await expect
        .poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth))
        .toBeGreaterThan(0);
      await docShot(page(), "apps/kiosk/docs", "insecure-context-tablet");
      await link.click();
      await page().getByTestId("pair-code").waitFor();
      expect(new URL(page().url()).origin).toBe(deployment().origin);
    });

    it("on plain HTTP, the web card says so first and still shows the card on request", async () => {
      const { server } = deployment();
      const merchant = await server.createMerchant("Card Shop");
      const key = await server.apiKey(merchant.merchantId);
      const card = await server.createCard(key, merchant.programId);
      await page().goto(`${plainOrigin()}/c/${card.cardId}`);
      const notice = page().locator("[data-insecure]");
      await notice.waitFor();
      await expect(page().getByTestId("progress").isVisible()).resolves.toBe(false);
      await expect(notice.getByTestId("secure-address").getAttribute("href")).resolves.toBe(
        `${deployment().origin}/c/${card.cardId}`,
      );
      await docShot(page(), "apps/sync-server/docs", "web-card-insecure-tablet");
      await notice.locator("[data-insecure-continue]").click();
      await page().getByTestId("progress").waitFor();
      await page().goto(`${deployment().origin}/c/${card.cardId}`);
      await page().getByTestId("progress").waitFor();
      await expect(page().locator("[data-insecure]").count()).resolves.toBe(0);
    });
  },
);

tillOnTheNetwork(
  "a public host: deploy/Caddyfile in front, TRUST_PROXY=loopback",
  async () => {
    const httpsPort = await freePort();
    const origin = `https://${SHOP_HOST}:${httpsPort}`;
    const server = await StampServer.start({
      network: { publicUrl: () => origin, trustProxy: "loopback" },
    });
    const caddy = await Caddy.start(SHOP_HOST, Number(new URL(server.url).port), httpsPort);
    return {
      server,
      origin,
      ca: caddy.rootCertificate,
      cleanup: async () => {
        await caddy.stop();
        await server.stop();
      },
    };
  },
  (deployment, page) => {
    it("answers through the proxy with HSTS", async () => {
      const response = await page().goto(`${deployment().origin}/healthz`);
      expect(response?.headers()["strict-transport-security"]).toMatch(/max-age=\d+/);
    });
  },
);
