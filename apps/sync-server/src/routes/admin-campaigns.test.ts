import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { apiKey, demoMerchant, enroll } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import type { AdminRole } from "../admin/admin-role";

const PASSWORD = "a long test password";
const FINGERPRINT = /name="fingerprint" value="([^"]+)"/;
const REQUEST_KEY = /name="requestKey" value="([^"]+)"/;

describe.each(DATABASES)("the admin campaigns page (%s)", (database) => {
  let server: TestServer;
  let owner: AdminBrowser;
  let compose: string;

  beforeAll(async () => {
    server = await startTestServer({ database });
    owner = await AdminBrowser.signedIn(server);
    const { store } = server.services;
    const record = await store.getProgram(server.seed.merchantId, server.seed.programId);
    if (!record) throw new Error("no demo program");
    const program = { ...record.program, locales: ["en", "de"] };
    expect(await store.updateProgram(program, record.program.version, Date.now())).toBe(true);
    const key = await apiKey(server, demoMerchant(server));
    for (let i = 0; i < 3; i += 1) await enroll(server, key, server.seed.programId);
    compose = `/admin/campaigns/new?program=${server.seed.programId}`;
  });
  afterAll(async () => {
    await server.close();
  });

  async function signedInAs(role: AdminRole) {
    const email = `${role}-${randomUUID()}@example.org`;
    await server.services.store.createAdmin({
      id: randomUUID(),
      merchantId: server.seed.merchantId,
      email,
      passwordHash: await server.services.passwords.hash(PASSWORD),
      createdAt: Date.now(),
      role,
    });
    return AdminBrowser.signedIn(server, email, PASSWORD);
  }

  it("writes, checks and sends a campaign: errors in words, preview, audience size, one campaign per form", async () => {
    const list = await owner.get("/admin/campaigns");
    expect(list.status).toBe(200);
    expect(list.html).toContain("No campaigns yet.");
    expect(list.html).toContain(`href="${compose}"`);

    const form = await owner.get(compose);
    expect(form.html).toContain("Message in English");
    expect(form.html).toContain("Message in German (optional)");
    const requestKey = REQUEST_KEY.exec(form.html)?.[1] as string;
    const base = { _csrf: AdminBrowser.csrf(form.html), requestKey, when: "now" };

    const empty = await owner.post(compose, {
      ...base,
      intent: "check",
      name: "",
      "message.en": "",
      rule: "lapsed",
      lapsedDays: "0",
    });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain("Give the campaign a name of at most 120 characters");
    expect(empty.html).toContain("it is the card&#39;s first language");
    expect(empty.html).toContain("Enter a number of days from 1 to 3650.");
    expect(await server.services.store.listCampaigns(server.seed.merchantId, 10)).toEqual([]);

    const fields = {
      ...base,
      name: "Winter warmers",
      "message.en": "Hot chocolate is back — double stamps this week!",
      "message.de": "Heiße Schokolade ist zurück!",
    };
    const checked = await owner.post(compose, { ...fields, intent: "check" });
    expect(checked.status).toBe(200);
    expect(checked.html).toMatch(/data-testid="audience-size">3 cards get this message/);
    expect(checked.html).toContain('class="lockscreen__text">Heiße Schokolade ist zurück!');
    expect(checked.html).toContain("Google Wallet shows at most 3 notifications per card a day");
    const fingerprint = FINGERPRINT.exec(checked.html)?.[1] as string;

    // Changed after the check: shown again to check, not sent.
    const changed = await owner.post(compose, {
      ...fields,
      "message.en": "Something else",
      fingerprint,
      intent: "send",
    });
    expect(changed.status).toBe(200);
    expect(changed.html).toContain("You changed the campaign after checking it.");
    expect(await server.services.store.listCampaigns(server.seed.merchantId, 10)).toEqual([]);

    const sent = await owner.post(compose, { ...fields, fingerprint, intent: "send" });
    expect(sent.status).toBe(303);
    const [campaign] = await server.services.store.listCampaigns(server.seed.merchantId, 10);
    expect(campaign).toMatchObject({
      name: "Winter warmers",
      message: { en: fields["message.en"], de: fields["message.de"] },
      audience: { kind: "everyone" },
    });
    expect(sent.location).toBe(`/admin/campaigns/${campaign?.id}?notice=sending`);
    // The same form sent twice (a double click, the back button) makes no second campaign.
    const again = await owner.post(compose, { ...fields, fingerprint, intent: "send" });
    expect(again.location).toBe(sent.location);
    expect(await server.services.store.listCampaigns(server.seed.merchantId, 10)).toHaveLength(1);

    await server.services.campaigns.runOnce();
    const report = await owner.get(`/admin/campaigns/${campaign?.id}`);
    expect(report.html).toContain("Sent");
    expect(report.html).toMatch(/Audience<\/div><div class="stat__value">3</);
    expect(report.html).toMatch(/No wallet<\/div><div class="stat__value">3</);
    expect(report.html).toContain("Google Wallet allows 3 notifications per card a day");
    expect(report.html).not.toContain("Cancel campaign");
  });

  it("schedules a campaign for an audience, and cancels it after asking", async () => {
    const form = await owner.get(compose);
    const fields = {
      _csrf: AdminBrowser.csrf(form.html),
      requestKey: REQUEST_KEY.exec(form.html)?.[1] as string,
      name: "Come back",
      "message.en": "We miss you: a free pastry with your next coffee.",
      rule: ["lapsed", "close-to-reward"],
      lapsedDays: "30",
      stampsLeft: "3",
      when: "later",
    };
    const past = await owner.post(compose, {
      ...fields,
      sendAt: "2020-01-01T09:00",
      intent: "check",
    });
    expect(past.status).toBe(422);
    expect(past.html).toContain("Pick a time in the future");
    const sendAt = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
    const checked = await owner.post(compose, { ...fields, sendAt, intent: "check" });
    // New cards are neither lapsed for 30 days nor 3 stamps from a 10-stamp reward.
    expect(checked.html).toMatch(/data-testid="audience-size">0 cards get this message/);
    expect(checked.html).toContain("No card matches this audience right now.");
    const fingerprint = FINGERPRINT.exec(checked.html)?.[1] as string;
    const sent = await owner.post(compose, { ...fields, sendAt, fingerprint, intent: "send" });
    expect(sent.location).toMatch(/\?notice=scheduled$/);
    const id = /\/admin\/campaigns\/([0-9a-f-]{36})/.exec(sent.location ?? "")?.[1] as string;
    const stored = await server.services.store.getCampaign(server.seed.merchantId, id);
    expect(stored).toMatchObject({
      status: "scheduled",
      sendAt: Date.parse(`${sendAt}:00.000Z`),
      audience: {
        kind: "all-of",
        rules: [
          { kind: "lapsed", days: 30 },
          { kind: "close-to-reward", stampsLeft: 3 },
        ],
      },
    });

    const report = await owner.get(`/admin/campaigns/${id}`);
    expect(report.html).toContain("No visit for 30 days and At most 3 stamps from a reward");
    // The report's button only asks (admin-kit askFirst); the confirmation page's form cancels.
    const csrf = AdminBrowser.csrf(report.html);
    const ask = await owner.post(`/admin/campaigns/${id}/cancel`, { _csrf: csrf });
    expect(ask.status).toBe(200);
    expect(ask.html).toContain("Cancel “Come back”?");
    expect(ask.html).toContain("Nobody has received it yet");
    expect(ask.html).toContain('name="confirmed" value="yes"');
    const forged = await owner.post(`/admin/campaigns/${id}/cancel`, {
      _csrf: "x".repeat(32),
      confirmed: "yes",
    });
    expect(forged.status).toBe(403);
    expect((await server.services.store.getCampaign(server.seed.merchantId, id))?.status).toBe(
      "scheduled",
    );
    const cancelled = await owner.post(`/admin/campaigns/${id}/cancel`, {
      _csrf: AdminBrowser.csrf(ask.html),
      confirmed: "yes",
    });
    expect(cancelled.location).toBe(`/admin/campaigns/${id}?notice=cancelled`);
    expect((await server.services.store.getCampaign(server.seed.merchantId, id))?.status).toBe(
      "cancelled",
    );
    const twice = await owner.post(`/admin/campaigns/${id}/cancel`, {
      _csrf: AdminBrowser.csrf(ask.html),
      confirmed: "yes",
    });
    expect(twice.status).toBe(409);
    expect(twice.html).toContain("cannot be cancelled any more");
  });

  it("opens for managers, not for staff; another merchant's campaign is not found", async () => {
    const manager = await signedInAs("manager");
    expect((await manager.get("/admin/campaigns")).status).toBe(200);
    const staff = await signedInAs("staff");
    const refused = await staff.get("/admin/campaigns");
    expect(refused.location).toBe("/admin/account?notice=not-allowed");
    expect((await owner.get(`/admin/campaigns/${randomUUID()}`)).status).toBe(404);
    expect((await owner.get(`/admin/campaigns/new?program=${randomUUID()}`)).status).toBe(404);
  });
});
