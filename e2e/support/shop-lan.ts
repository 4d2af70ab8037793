import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "./chromium";
import { homeTrusting } from "./device-trust";
import { freePort } from "./free-port";
import { StampServer } from "./stamp-server";

/** The shop's name on its Wi-Fi: not localhost, so a secure context only over trusted HTTPS. */
export const SHOP_HOST = "shop.test";

/** The server as a shop runs it on its Wi-Fi, and a browser on a tablet set up to reach it. */
export interface ShopLan {
  readonly server: StampServer;
  /** The server's own HTTPS at the shop's host name (`https://shop.test:<port>`). */
  readonly origin: string;
  /** Chromium that trusts the server's local CA and finds `SHOP_HOST`, as a set-up tablet does. */
  readonly browser: Browser;
  stop(): Promise<void>;
}

/**
 * Starts the server with its own HTTPS on `SHOP_HOST` (its local CA) and a Chromium that trusts
 * that CA: tills are tablets on the shop's Wi-Fi, where a secure context needs trusted HTTPS
 * (on localhost Chromium grants one without it). See https-origins.e2e.test.ts for the setups.
 * With `video`, Chromium's fake camera plays that file (`support/y4m.ts`).
 */
export async function startShopLan(options: { readonly video?: string } = {}): Promise<ShopLan> {
  const httpsPort = await freePort();
  const server = await StampServer.start({
    network: { publicUrl: (port) => `http://${SHOP_HOST}:${port}`, httpsPort },
  });
  let home: string | undefined;
  try {
    home = await homeTrusting(join(server.dataDir, "certs", "local-ca.pem"));
    const browser = await launchChromium(options.video, {
      hostResolverRules: `MAP ${SHOP_HOST} 127.0.0.1`,
      home,
    });
    const trusted = home;
    return {
      server,
      origin: `https://${SHOP_HOST}:${httpsPort}`,
      browser,
      async stop() {
        await browser.close();
        await server.stop();
        rmSync(trusted, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.stop();
    if (home) rmSync(home, { recursive: true, force: true });
    throw error;
  }
}
