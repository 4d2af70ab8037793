import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { LOTTERY_EDITOR_FORM } from "../../test/editor-form";
import { anotherMerchant, apiKey, call, enroll, TestDevice } from "../../test/fixtures";
import { idProblems } from "../../test/html-ids";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { staffPinHash } from "../locations/staff-pin";
import { createAdmin } from "./create-admin";

let server: TestServer;

describe.each(DATABASES)("admin pages (%s)", (database) => {
  beforeAll(async () => {
    server = await startTestServer({ database });
  });
  afterAll(() => server.close());

  it("logs in with the seeded account, with a secure session cookie", async () => {
    const browser = new AdminBrowser(server);
    const wrong = await browser.login(server.seed.adminEmail, "not the password");
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain("That e-mail and password do not match an account.");
    const page = await browser.get("/admin/login");
    const raw = await fetch(`${server.url}/admin/login`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: `stamp_login_csrf=${browser.cookie("stamp_login_csrf")}`,
      },
      body: new URLSearchParams({
        email: server.seed.adminEmail,
        password: server.seed.adminPassword,
        _csrf: AdminBrowser.csrf(page.html),
      }).toString(),
      redirect: "manual",
    });
    expect(raw.status).toBe(303);
    const cookie = raw.headers.getSetCookie().find((c) => c.startsWith("stamp_session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it("sends visitors without a session to the login page", async () => {
    const reply = await new AdminBrowser(server).get("/admin/devices");
    expect(reply.status).toBe(303);
    expect(reply.location).toBe("/admin/login");
  });

  it("refuses a POST without the session's CSRF token", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const before = await server.services.store.listApiKeys(server.seed.merchantId);
    const forged = await browser.post("/admin/api-keys", { name: "forged" });
    expect(forged.status).toBe(403);
    const wrongToken = await browser.post("/admin/api-keys", {
      name: "forged",
      _csrf: "x".repeat(32),
    });
    expect(wrongToken.status).toBe(403);
    const loginForged = await new AdminBrowser(server).post("/admin/login", {
      email: server.seed.adminEmail,
      password: server.seed.adminPassword,
    });
    expect(loginForged.status).toBe(403);
    expect(await server.services.store.listApiKeys(server.seed.merchantId)).toEqual(before);
    const real = await browser.submit("/admin/api-keys", "/admin/api-keys", { name: "POS 1" });
    expect(real.status).toBe(200);
    expect(real.html).toMatch(/<code class="secret">sk_[A-Za-z0-9_-]{43}<\/code>/);
  });

  it("renders every section, with unique ids and labels bound to their own fields", async () => {
    const browser = await AdminBrowser.signedIn(server);
    // Two locations and a till: the pages that repeat a form per location or device.
    await server.services.store.createLocation({
      id: randomUUID(),
      merchantId: server.seed.merchantId,
      name: "Second shop",
      staffPin: await staffPinHash("1357"),
      syncScope: "location",
      createdAt: Date.now(),
    });
    await TestDevice.pair(server);
    for (const path of [
      "/admin",
      "/admin/programs",
      "/admin/programs/new",
      `/admin/programs/${server.seed.programId}`,
      "/admin/locations",
      "/admin/devices",
      "/admin/api-keys",
      "/admin/cards",
      "/admin/receipts",
      "/admin/conflicts",
      "/admin/team",
      "/admin/webhooks",
      "/admin/account",
    ]) {
      const page = await browser.get(path);
      expect(page.status, path).toBe(200);
      expect(page.html).toContain('<nav aria-label="Admin sections">');
      expect(idProblems(page.html), path).toEqual([]);
    }
  });

  it("validates the program editor field by field and bumps the version on save", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const path = `/admin/programs/${server.seed.programId}`;
    const base = {
      ...LOTTERY_EDITOR_FORM,
      locales: ["en", "de"],
      "reward.seed": "seed-seed-seed-seed-1",
      "reward.redemption.method": "code",
      "reward.redemption.format": "qr",
      "reward.redemption.code.kind": "generated",
      "reward.prizes.0.id": "muffin",
      "reward.prizes.1.id": "latte",
      "limits.maxStampsPerVisit": "2",
      "limits.maxStampsPerDay": "",
      "maxStampsPerScan.staff": "4",
      "maxStampsPerScan.unattended": "",
      "expiry.stampsAfterDays": "90",
      "expiry.reminderDays": "",
      "wallet.rotatingBarcode": "on",
    };
    const bad = await browser.submit(path, path, {
      ...base,
      goal: "99",
      "maxStampsPerScan.unattended": "0",
      "earning.currency": "euro",
      "reward.prizes.1.id": "muffin",
      "expiry.reminderDays": "100",
      _version: "1",
    });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("must be at most 50");
    expect(bad.html).toContain("must be an ISO 4217 code like EUR");
    expect(bad.html).toContain("prize ids must be unique");
    expect(bad.html).toMatch(/id="f-goal"[^>]*aria-invalid="true"/);
    expect(bad.html).toMatch(/id="f-maxStampsPerScan-unattended"[^>]*aria-invalid="true"/);
    expect(bad.html).toContain('value="99"');
    expect(bad.html).toMatch(/id="f-expiry-reminderDays"[^>]*aria-invalid="true"/);

    const ok = await browser.submit(path, path, { ...base, _version: "1" });
    expect(ok.status).toBe(303);
    const saved = await server.services.store.getProgram(
      server.seed.merchantId,
      server.seed.programId,
    );
    expect(saved?.program).toMatchObject({
      version: 2,
      goal: 8,
      earning: { kind: "by-amount", unitAmount: 450, currency: "EUR" },
      reward: {
        kind: "lottery",
        prizes: [
          { id: "muffin", weight: 3 },
          { id: "latte", weight: 1 },
        ],
      },
      limits: { channels: ["kiosk", "autopilot"], cooldownSeconds: 300, maxStampsPerVisit: 2 },
      // An empty field keeps the default (stamp-core SPEC P6).
      maxStampsPerScan: { staff: 4, unattended: 1 },
      locales: ["en", "de"],
      // Stamps expire after 90 days without a visit; reminders keep their default (SPEC P7).
      expiry: { stampsAfterDays: 90 },
      // Google cards rotate their barcode (SPEC P8); the voucher barcode stays off.
      wallet: { rotatingBarcode: true },
    });
    const editor = (await browser.get(path)).html;
    expect(editor).toMatch(/expiry.stampsAfterDays"[^>]*value="90"/);
    expect(editor).toMatch(/name="wallet.rotatingBarcode"[^>]*checked/);
    expect(editor).not.toMatch(/name="wallet.voucherBarcode"[^>]*checked/);
    expect(editor).toContain("Apple Wallet has no rotating barcode");
    expect((await browser.get(path)).html).toMatch(/name="maxStampsPerScan.staff"[^>]*value="4"/);
    const stale = await browser.submit(path, path, { ...base, _version: "1" });
    expect(stale.status).toBe(422);
    expect(stale.html).toContain("Someone saved this program while you were editing it.");
  });

  it("pairs a device from a code shown as text and QR, lists it, and revokes it", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const page = await browser.submit("/admin/devices", "/admin/devices/pairing-codes", {
      locationId: server.seed.locationId,
    });
    expect(page.status).toBe(200);
    const code = /class="pairing__code">([A-Z0-9]{4}-[A-Z0-9]{4})</.exec(page.html)?.[1];
    expect(code).toBeDefined();
    expect(page.html).toContain("<svg");
    const paired = await call(server, "POST", "/api/v1/devices/pair", {
      body: { code, name: "Bar tablet", mode: "staff" },
    });
    expect(paired.status).toBe(201);
    const device = new TestDevice(server, paired.json.deviceId, paired.json.token, server.seed);
    await call(server, "POST", "/api/v1/sync", {
      token: device.token,
      body: {
        cursor: null,
        events: [],
        deviceTime: new Date(Date.now() - 3 * 3600_000).toISOString(),
      },
    });
    const list = await browser.get("/admin/devices");
    expect(list.html).toContain("Bar tablet");
    expect(list.html).toContain("3 h slow");
    const revoked = await browser.submit(
      "/admin/devices",
      `/admin/devices/${device.deviceId}/revoke`,
      {},
    );
    // Unpairing asks first (a plain page whose form carries the CSRF token); nothing changes yet.
    expect(revoked.status).toBe(200);
    expect(revoked.html).toContain("Unpair “Bar tablet”?");
    expect((await device.sync()).status).toBe(200);
    const confirmed = await browser.submit(
      "/admin/devices",
      `/admin/devices/${device.deviceId}/revoke`,
      { confirmed: "yes" },
    );
    expect(confirmed.status).toBe(303);
    expect((await device.sync()).status).toBe(401);
  });

  it("keeps at most 10 pairing codes waiting per location and 20 active API keys, saying why", async () => {
    const browser = await AdminBrowser.signedIn(server);
    // A location of its own: the other tests pair tills at the demo location.
    const locationId = randomUUID();
    await server.services.store.createLocation({
      id: locationId,
      merchantId: server.seed.merchantId,
      name: "Kiosk corner",
      staffPin: await staffPinHash("2468"),
      createdAt: Date.now(),
      syncScope: "location",
    });
    const open = () =>
      browser.submit("/admin/devices", "/admin/devices/pairing-codes", { locationId });
    let page = await open();
    for (let i = 0; page.status === 200 && i < 20; i++) page = await open();
    expect(page.status).toBe(409);
    expect(page.html).toContain("10 pairing codes are already waiting at this location");
    expect(page.html).not.toContain('class="pairing__code"');

    let keys = await browser.submit("/admin/api-keys", "/admin/api-keys", { name: "POS" });
    for (let i = 0; keys.status === 200 && i < 30; i++)
      keys = await browser.submit("/admin/api-keys", "/admin/api-keys", { name: "POS" });
    expect(keys.status).toBe(422);
    expect(keys.html).toContain("You have 20 active API keys.");
    const active = (await server.services.store.listApiKeys(server.seed.merchantId)).filter(
      (k) => k.revokedAt === null,
    );
    expect(active).toHaveLength(20);
    for (const k of active)
      await server.services.store.revokeApiKey(server.seed.merchantId, k.id, Date.now());
  });

  it("shows each till's drift, and a clock the server refuses as wrong (stamp-core SPEC H5)", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const sync = async (deviceTime: number) => {
      const till = await TestDevice.pair(server, server.seed, "staff");
      await call(server, "POST", "/api/v1/sync", {
        token: till.token,
        body: { cursor: null, events: [], deviceTime: new Date(deviceTime).toISOString() },
      });
    };
    await sync(Date.now() + 2 * 86_400_000);
    await sync(Date.parse("1970-01-01T00:00:00.000Z"));
    const list = await browser.get("/admin/devices");
    expect(list.html).toContain("Clock wrong: 2 days fast");
    expect(list.html).toMatch(/Clock wrong: \d+ days slow/);
    expect(list.html).toContain("sends them again once its date and time are set");
  });

  it("changes a location's staff PIN, refusing a mismatch", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const action = `/admin/locations/${server.seed.locationId}/pin`;
    const mismatch = await browser.submit("/admin/locations", action, {
      pin: "4321",
      confirm: "4322",
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.html).toContain("The two PINs do not match.");
    const before = await server.services.store.getLocation(
      server.seed.merchantId,
      server.seed.locationId,
    );
    const ok = await browser.submit("/admin/locations", action, { pin: "4321", confirm: "4321" });
    expect(ok.status).toBe(303);
    const after = await server.services.store.getLocation(
      server.seed.merchantId,
      server.seed.locationId,
    );
    expect(after?.staffPin.hash).not.toBe(before?.staffPin.hash);
  });

  it("sets which cards a location's tills keep (stamp-core SPEC SC2), location by default", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const page = await browser.get("/admin/locations");
    expect(page.html).toContain("Cards the tills here keep for working offline");
    expect(page.html).toMatch(/value="location"\s+checked/);
    const action = `/admin/locations/${server.seed.locationId}/sync-scope`;
    const refused = await browser.submit("/admin/locations", action, { scope: "everything" });
    expect(refused.status).toBe(422);
    const saved = await browser.submit("/admin/locations", action, { scope: "merchant" });
    expect(saved.status).toBe(303);
    expect((await browser.get(saved.location ?? "")).html).toContain("Tills here pick it up");
    const location = await server.services.store.getLocation(
      server.seed.merchantId,
      server.seed.locationId,
    );
    expect(location?.syncScope).toBe("merchant");
    await server.services.store.setSyncScope(
      server.seed.merchantId,
      location?.id ?? "",
      "location",
    );
  });

  it("looks up a card by code, shows its history, and blocks it", async () => {
    const key = await apiKey(server, server.seed);
    const card = await enroll(server, key, server.seed.programId);
    const browser = await AdminBrowser.signedIn(server);
    const lookup = await browser.get(`/admin/cards?q=${encodeURIComponent(card.code)}`);
    expect(lookup.status).toBe(303);
    expect(lookup.location).toBe(`/admin/cards/${card.cardId}`);
    const page = await browser.get(`/admin/cards/${card.cardId}`);
    expect(page.html).toContain("Card created (api)");
    const blocked = await browser.submit(
      `/admin/cards/${card.cardId}`,
      `/admin/cards/${card.cardId}/block`,
      { reason: "lost" },
    );
    expect(blocked.status).toBe(200);
    expect(blocked.html).toContain("Block this card?");
    expect(
      (await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key })).json.blocked,
    ).toBe(false);
    const confirmed = await browser.submit(
      `/admin/cards/${card.cardId}`,
      `/admin/cards/${card.cardId}/block`,
      { reason: "lost", confirmed: "yes" },
    );
    expect(confirmed.status).toBe(303);
    const state = await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key });
    expect(state.json.blocked).toBe(true);
  });

  it("shows an admin only their own merchant", async () => {
    const other = await anotherMerchant(server, "Secret Salon");
    const created = await createAdmin(server.services, {
      email: "owner@salon.test",
      password: "salon-password-1",
      merchantId: other.merchantId,
    });
    expect(created.ok).toBe(true);
    const key = await apiKey(server, server.seed);
    const card = await enroll(server, key, server.seed.programId);
    const browser = await AdminBrowser.signedIn(server, "owner@salon.test", "salon-password-1");
    expect((await browser.get(`/admin/cards/${card.cardId}`)).status).toBe(404);
    expect((await browser.get(`/admin/cards?q=${encodeURIComponent(card.code)}`)).status).toBe(404);
    expect((await browser.get(`/admin/programs/${server.seed.programId}`)).status).toBe(404);
    const dashboard = await browser.get("/admin");
    expect(dashboard.html).toContain("Secret Salon");
    expect(dashboard.html).not.toContain("Demo Coffee");
    const revoke = await browser.submit(
      "/admin/api-keys",
      `/admin/devices/${server.seed.locationId}/revoke`,
      {},
    );
    expect(revoke.status).toBe(404);
    const pin = await browser.submit(
      "/admin/locations",
      `/admin/locations/${server.seed.locationId}/pin`,
      { pin: "9999", confirm: "9999" },
    );
    expect(pin.status).toBe(404);
  });

  it("logs out", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const out = await browser.submit("/admin", "/admin/logout", {});
    expect(out.status).toBe(303);
    expect((await browser.get("/admin")).status).toBe(303);
  });
});
