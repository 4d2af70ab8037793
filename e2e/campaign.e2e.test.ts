import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { unzip } from "@stamp/pass-builder/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApnsFake } from "../apps/sync-server/test/apns-fake";
import { signedInAdmin } from "./support/admin-sign-in";
import { Caddy } from "./support/caddy";
import { launchChromium } from "./support/chromium";
import { homeTrusting } from "./support/device-trust";
import { freePort } from "./support/free-port";
import { SHOP_HOST } from "./support/shop-lan";
import { type Merchant, StampServer } from "./support/stamp-server";

const PUSH_TOKEN = "5e".repeat(32);
const MESSAGE = "Pumpkin latte is back: show this card for 10% off";

/** What a phone's fetch answered, with its body as base64 (binary passes cross into Node so). */
interface Fetched {
  readonly status: number;
  readonly type: string | null;
  readonly base64: string;
}

/**
 * Issue 15's proof: a customer joins on the join page and an iPhone registers the pass (the
 * PassKit web service calls Wallet makes); the merchant writes a campaign on the admin page and
 * sends it; the APNs fake (HTTP/2 over TLS) receives the push for that device, and the pass the
 * iPhone fetches then carries the message as the field whose change shows on the lock screen.
 * Everything the phone and the admin do goes over HTTPS to a public host name through Caddy (the
 * deploy/Caddyfile set-up), as a hosted install serves them — never to 127.0.0.1.
 */
describe("campaign: admin → APNs push → the pass carries the message", () => {
  let apns: ApnsFake;
  let server: StampServer;
  let caddy: Caddy;
  let origin: string;
  let home: string;
  let merchant: Merchant & { joinUrl: string };
  let browser: Browser;
  let phone: Page;
  let pass: { cardId: string; passTypeId: string; authToken: string };

  beforeAll(async () => {
    apns = await ApnsFake.start();
    const httpsPort = await freePort();
    origin = `https://${SHOP_HOST}:${httpsPort}`;
    server = await StampServer.start({
      env: { ...apns.env, WALLET_PUSH_INTERVAL_MS: "100" },
      network: { publicUrl: () => origin, trustProxy: "loopback" },
    });
    caddy = await Caddy.start(SHOP_HOST, Number(new URL(server.url).port), httpsPort);
    home = await homeTrusting(caddy.rootCertificate);
    merchant = await server.cli<Merchant & { joinUrl: string }>(
      "create-merchant",
      "--name",
      "Pumpkin Café",
    );
    browser = await launchChromium(undefined, {
      hostResolverRules: `MAP ${SHOP_HOST} 127.0.0.1`,
      home,
    });
    phone = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-US" })
    ).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await caddy?.stop();
    await server?.stop();
    await apns?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** A request from the phone, to the public host it trusts (Wallet's calls go the same way). */
  function fromPhone(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ) {
    return phone.evaluate(
      async ({ url, init }): Promise<Fetched> => {
        const response = await fetch(url, init);
        let text = "";
        for (const byte of new Uint8Array(await response.arrayBuffer()))
          text += String.fromCharCode(byte);
        return {
          status: response.status,
          type: response.headers.get("content-type"),
          base64: btoa(text),
        };
      },
      { url, init },
    );
  }

  const passJson = async (fetched: Fetched) =>
    JSON.parse(
      (await unzip(Buffer.from(fetched.base64, "base64"))).get("pass.json")?.toString() ?? "{}",
    );

  /** What Wallet does with a pass it just added: reads pass.json, registers the device. */
  async function walletAdds(pkpass: Fetched) {
    const json = await passJson(pkpass);
    expect(json.webServiceURL).toBe(`${origin}/wallet`);
    const registered = await fromPhone(
      `${json.webServiceURL}/v1/devices/${randomUUID().replaceAll("-", "")}/registrations/${json.passTypeIdentifier}/${json.serialNumber}`,
      {
        method: "POST",
        headers: {
          authorization: `ApplePass ${json.authenticationToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ pushToken: PUSH_TOKEN }),
      },
    );
    expect(registered.status).toBe(201);
    return {
      cardId: json.serialNumber as string,
      passTypeId: json.passTypeIdentifier as string,
      authToken: json.authenticationToken as string,
    };
  }

  it("a customer joins on the join page and an iPhone registers the pass", async () => {
    expect(new URL(merchant.joinUrl).origin).toBe(origin);
    await phone.goto(merchant.joinUrl);
    await phone.getByRole("button", { name: "Get my card" }).click();
    await phone.waitForURL(/\/c\/[0-9a-f-]{36}\?lang=en$/);
    const href =
      (await phone.getByRole("link", { name: /Apple Wallet/ }).getAttribute("href")) ?? "";
    const download = await fromPhone(new URL(href, phone.url()).href);
    expect(download.type).toBe("application/vnd.apple.pkpass");
    pass = await walletAdds(download);
    expect(phone.url()).toContain(pass.cardId);
  });

  it("the merchant sends a campaign from the admin; the device gets its push and the message", async () => {
    const { page: admin } = await signedInAdmin(browser, server, merchant.merchantId, origin);
    await admin.goto(`${origin}/admin/campaigns`);
    await admin.getByRole("link", { name: "New campaign" }).first().click();
    await admin.getByLabel("Campaign name").fill("Pumpkin season");
    await admin.getByLabel(/Message in English/).fill(MESSAGE);
    await admin.getByRole("button", { name: "Check preview and audience" }).click();
    await expect(admin.getByTestId("audience-size").textContent()).resolves.toBe(
      "1 card gets this message",
    );
    const before = apns.total;
    await admin.getByRole("button", { name: "Send now to 1 cards" }).click();
    await admin.waitForURL(/\/admin\/campaigns\/[0-9a-f-]{36}\?notice=sending$/);

    await apns.reached(before + 1);
    expect(apns.pushes.get(PUSH_TOKEN)).toBe(1);
    expect(apns.last).toMatchObject({ token: PUSH_TOKEN, topic: pass.passTypeId, body: "{}" });

    // Wallet asks what changed since its tag, then fetches the pass.
    const fetched = await fromPhone(
      `${origin}/wallet/v1/passes/${pass.passTypeId}/${pass.cardId}`,
      {
        headers: { authorization: `ApplePass ${pass.authToken}` },
      },
    );
    expect(fetched.status).toBe(200);
    const json = await passJson(fetched);
    expect(json.storeCard.backFields).toContainEqual(
      expect.objectContaining({ key: "notice", value: MESSAGE, changeMessage: "%@" }),
    );
    // The report page says it went out.
    await admin.reload();
    await expect(admin.getByText("Sent", { exact: true }).first().isVisible()).resolves.toBe(true);
    expect(apns.doubled()).toEqual([]);
  });
});
