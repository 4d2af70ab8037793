import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { apiKey, call, newLocation, TestDevice } from "../../test/fixtures";
import { SmtpInbox } from "../../test/smtp-inbox";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { createAdmin } from "../admin/create-admin";

/**
 * Staff-fraud flags over HTTP (stamp-core SPEC F0–F6): a till's stamps raise flags in the round,
 * once however often it runs, with their webhooks and the owners' alert e-mails in their
 * languages; the admin queue confirms or dismisses with a note (audited); a manager tied to
 * another location sees none of them.
 */
describe.each(DATABASES)("staff-fraud flags (%s)", (database) => {
  let server: TestServer;
  let inbox: SmtpInbox;
  let owner: AdminBrowser;
  let key: string;
  let clock = Date.UTC(2026, 11, 2, 9, 0);

  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    server = await startTestServer({ database, smtpUrl: inbox.url, now: () => clock });
    owner = await AdminBrowser.signedIn(server);
    key = await apiKey(server, server.seed);
  });
  afterAll(async () => {
    await server.close();
    await inbox.close();
  });

  it("raises each flag once, tells the webhooks and e-mails every owner in their language", async () => {
    const { store } = server.services;
    const { merchantId, programId, locationId } = server.seed;
    const kazakh = await createAdmin(server.services, {
      email: `kk-${randomUUID()}@example.org`,
      password: "a long test password",
      merchantId,
    });
    if (!kazakh.ok) throw new Error(kazakh.reason);
    await store.setAdminLocale(kazakh.userId, "kk");
    const hook = {
      id: randomUUID(),
      merchantId,
      kind: "webhook" as const,
      url: "https://hooks.example/stamp",
      events: ["fraud.flagged" as const],
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      createdAt: clock,
      failingSince: null,
      disabledAt: null,
    };
    expect(await store.createWebhookEndpoint(hook)).toBe(true);

    // The owner tightens the burst check on the settings page.
    const saved = await owner.submit("/admin/fraud/settings", "/admin/fraud/settings", {
      burstStamps: "5",
      burstMinutes: "10",
      afterHoursGraceMinutes: "15",
      adjustmentsPerDay: "10",
      quickRedemptionMinutes: "5",
      alerts: "immediate",
    });
    expect(saved.status).toBe(303);
    const refused = await owner.submit("/admin/fraud/settings", "/admin/fraud/settings", {
      burstStamps: "-1",
      alerts: "immediate",
    });
    expect(refused.status).toBe(422);
    expect((await store.fraudSettings(merchantId)).thresholds.burstStamps).toBe(5);

    // Anna Weber works the till and stamps her own card, then six more in a minute.
    const anna = randomUUID();
    await store.createStaff({
      id: anna,
      merchantId,
      name: "Anna Weber",
      adminUserId: null,
      locationIds: [locationId],
      pin: null,
      createdAt: clock,
    });
    const joined = await call(server, "POST", "/api/v1/cards", {
      token: key,
      body: { programId, profile: { name: "anna weber" } },
    });
    const other = await call(server, "POST", "/api/v1/cards", { token: key, body: { programId } });
    const till = await TestDevice.pair(server);
    const stamp = (cardId: string, second: number) =>
      till.event(
        "stamps.added",
        cardId,
        { count: 1, channel: "staff", staffId: anna },
        clock + second * 1000,
      );
    const events = [
      stamp(joined.json.cardId, 0),
      ...Array.from({ length: 6 }, (_, i) => stamp(other.json.cardId, 10 + i)),
    ];
    expect((await till.sync(events)).status).toBe(200);

    clock += 60_000;
    const raised = await server.services.fraudWatch.runOnce();
    expect(raised).toBe(3);
    expect(await server.services.fraudWatch.runOnce()).toBe(0);
    const flags = await store.listFraudFlags(
      merchantId,
      { status: "open", locations: null },
      null,
      10,
    );
    expect(flags.map((f) => f.reason).sort()).toEqual([
      "burst-person",
      "burst-till",
      "linked-card",
    ]);
    const deliveries = await store.listWebhookDeliveries(merchantId, hook.id, 10);
    expect(deliveries.map((d) => d.type)).toEqual([
      "fraud.flagged",
      "fraud.flagged",
      "fraud.flagged",
    ]);

    await inbox.until(2);
    expect(inbox.mails).toHaveLength(2);
    const english = inbox.mails.find((m) => m.to === server.seed.adminEmail);
    expect(english?.subject).toBe("Stamp: 3 new fraud flags");
    expect(english?.text).toContain("Stamps on their own card: Anna Weber");
    expect(english?.text).toContain("/admin/fraud");
    const inKazakh = inbox.mails.find((m) => m.to !== server.seed.adminEmail);
    expect(inKazakh?.subject).toBe("Stamp: 3 жаңа алаяқтық белгісі");
    // Told once: the next round sends nothing.
    await server.services.fraudWatch.runOnce();
    expect(inbox.mails).toHaveLength(2);
  });

  it("is reviewed in the admin queue with a note, audited; a tied manager sees none of it", async () => {
    const { store } = server.services;
    const { merchantId } = server.seed;
    const queue = await owner.get("/admin/fraud");
    expect(queue.status).toBe(200);
    expect(queue.html).toContain("Stamps on their own card");
    const [flag] = await store.listFraudFlags(
      merchantId,
      { status: "open", locations: null },
      null,
      1,
    );
    if (!flag) throw new Error("no flag");
    const page = await owner.get(`/admin/fraud/${flag.id}`);
    const item = flag.items[0];
    expect(page.html).toContain(`href="/admin/cards/${item?.cardId}#event-${item?.id}"`);
    const card = await owner.get(`/admin/cards/${item?.cardId}`);
    expect(card.html).toContain(`id="event-${item?.id}"`);
    const noNote = await owner.submit(`/admin/fraud/${flag.id}`, `/admin/fraud/${flag.id}/review`, {
      status: "dismissed",
      note: "",
    });
    expect(noNote.status).toBe(422);
    const done = await owner.submit(`/admin/fraud/${flag.id}`, `/admin/fraud/${flag.id}/review`, {
      status: "dismissed",
      note: "Her own coffee, paid for",
    });
    expect(done.status).toBe(303);
    expect(await store.getFraudFlag(merchantId, flag.id)).toMatchObject({
      status: "dismissed",
      note: "Her own coffee, paid for",
      reviewedBy: server.seed.adminEmail,
    });
    const audited = await store.listAudit(merchantId, { action: "fraud.dismissed" }, null, 10);
    expect(audited.map((a) => a.target)).toEqual([flag.id]);
    // Reviewed once: the form is gone and a second post changes nothing.
    expect((await owner.get(`/admin/fraud/${flag.id}`)).html).not.toContain("/review");

    const south = await newLocation(server, server.seed, "South shop");
    const email = `manager-${randomUUID()}@example.org`;
    const made = await createAdmin(server.services, {
      email,
      password: "a long test password",
      merchantId,
    });
    if (!made.ok) throw new Error(made.reason);
    await store.setAdminRole(merchantId, made.userId, "manager");
    await store.setAdminLocations(merchantId, made.userId, [south.locationId]);
    const manager = await AdminBrowser.signedIn(server, email, "a long test password");
    const theirs = await manager.get("/admin/fraud");
    expect(theirs.status).toBe(200);
    expect(theirs.html).not.toContain(`/admin/fraud/${flag.id}`);
    expect((await manager.get(`/admin/fraud/${flag.id}`)).status).toBe(404);
    expect((await manager.get("/admin/fraud/settings")).status).not.toBe(200);
  });
  it("flags stamps outside a location's hours, and sends the daily digest a day after the last alert", async () => {
    const { store } = server.services;
    const { merchantId, locationId } = server.seed;
    clock += 60_000;
    const hoursPath = `/admin/fraud/hours/${locationId}`;
    const week = ["0", "1", "2", "3", "4", "5", "6"];
    const hoursIn = (timeZone: string) =>
      owner.submit("/admin/fraud/settings", hoursPath, {
        timeZone,
        opens: "10:00",
        closes: "18:00",
        days: week,
      });
    expect((await hoursIn("Mars/Olympus_Mons")).status).toBe(422);
    const hours = await hoursIn("UTC");
    expect(hours.status).toBe(303);
    const daily = await owner.submit("/admin/fraud/settings", "/admin/fraud/settings", {
      burstStamps: "5",
      burstMinutes: "10",
      afterHoursGraceMinutes: "15",
      adjustmentsPerDay: "10",
      quickRedemptionMinutes: "5",
      alerts: "daily",
    });
    expect(daily.status).toBe(303);
    expect(await store.fraudSettings(merchantId)).toMatchObject({
      alerts: "daily",
      hours: { [locationId]: { timeZone: "UTC", opens: 600, closes: 1080 } },
    });

    // 09:0x UTC: before opening, beyond the 15 minutes' grace.
    const card = await call(server, "POST", "/api/v1/cards", {
      token: key,
      body: { programId: server.seed.programId },
    });
    const till = await TestDevice.pair(server);
    expect((await till.sync([till.stamp(card.json.cardId, 1, "kiosk", clock)])).status).toBe(200);
    const mailsBefore = inbox.mails.length;
    // Anna's stamps of the first test were before opening too: both are flagged now.
    expect(await server.services.fraudWatch.runOnce()).toBe(2);
    const closed = await store.listFraudFlags(
      merchantId,
      { status: "open", locations: null },
      null,
      2,
    );
    expect(closed.map((f) => [f.reason, f.subject.kind, f.count]).sort()).toEqual([
      ["after-hours", "staff", 7],
      ["after-hours", "till", 1],
    ]);
    // The last alert went out minutes ago: the digest waits for its day.
    expect(inbox.mails).toHaveLength(mailsBefore);
    clock += 24 * 60 * 60 * 1000;
    expect(await server.services.fraudWatch.runOnce()).toBe(0);
    await inbox.until(mailsBefore + 2);
    const digest = inbox.mails.at(-1);
    expect(digest?.subject).toMatch(/^Stamp: 2 /);
    expect(inbox.mails.slice(mailsBefore).some((m) => m.text.includes("Stamps while closed"))).toBe(
      true,
    );
  });
});
