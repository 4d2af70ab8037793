import { PROTOCOL_HEADER } from "@stamp/wire-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { apiKey, call, demoMerchant, TestDevice } from "../../test/fixtures";
import { SmtpInbox } from "../../test/smtp-inbox";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { AutomationTreats } from "./automation-treats";

const DAY = 86_400_000;

// Birthday vouchers and win-back bonus stamps granted by the automations (stamp-core SPEC G1–G5),
// redeemed at a till, kept from older tills, and the messages by e-mail to who agreed.
describe.each(DATABASES)("automation treats (%s)", (database) => {
  let server: TestServer;
  let inbox: SmtpInbox;
  let key: string;
  let clock = Date.parse("2026-03-10T11:00:00.000Z");

  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    server = await startTestServer({ database, smtpUrl: inbox.url, now: () => clock });
    key = await apiKey(server, demoMerchant(server));
  });
  afterAll(async () => {
    await server?.close();
    await inbox?.close();
  });

  /** Joins on the join page; the card id. */
  async function join(fields: Record<string, string>): Promise<string> {
    const page = await fetch(`${server.url}/join/demo-coffee`);
    const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const reply = await fetch(`${server.url}/join/demo-coffee`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ csrf, consent: "yes", ...fields }).toString(),
      redirect: "manual",
    });
    expect(reply.status).toBe(303);
    return reply.headers.get("location")?.slice(3, 39) as string;
  }

  async function card(cardId: string) {
    const reply = await call(server, "GET", `/api/v1/cards/${cardId}`, { token: key });
    expect(reply.status).toBe(200);
    return reply.json;
  }

  async function run(rounds = 3) {
    for (let i = 0; i < rounds; i += 1) await server.services.campaigns.runOnce();
    await server.services.campaignMail.runOnce();
  }

  it("grants the birthday voucher once, by e-mail too; a till redeems it, an older till never sees it", async () => {
    const ada = await join({
      name: "Ada",
      email: "ada@example.org",
      birthday: "1990-03-14",
      news: "yes",
    });
    const bob = await join({ name: "Bob", email: "bob@example.org", birthday: "1990-03-15" });
    const owner = new AdminBrowser(server);
    expect((await owner.login(server.seed.adminEmail, server.seed.adminPassword)).status).toBe(303);
    const page = `/admin/automations?program=${server.seed.programId}`;
    const fields = {
      _csrf: AdminBrowser.csrf((await owner.get(page)).html),
      enabled: "on",
      "settings.daysBefore": "7",
      "message.en": "Happy birthday! A cake is waiting for you.",
    };
    const refused = await owner.post(
      `/admin/automations/birthday?program=${server.seed.programId}`,
      {
        ...fields,
        "settings.treat.title": "A free cake",
        "settings.treat.validDays": "0",
      },
    );
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("Enter a number of days from 1 to 365.");
    const saved = await owner.post(`/admin/automations/birthday?program=${server.seed.programId}`, {
      ...fields,
      "settings.treat.title": "A free cake",
      "settings.treat.validDays": "14",
    });
    expect(saved.status).toBe(303);
    expect((await owner.get(page)).html).toContain('value="A free cake"');

    clock += 60_000;
    await run();
    for (const cardId of [ada, bob]) {
      const granted = (await card(cardId)).vouchers.filter(
        (v: { grantReason?: string }) => v.grantReason === "birthday",
      );
      expect(granted).toHaveLength(1);
      expect(granted[0]).toMatchObject({ title: "A free cake", status: "issued", kind: "simple" });
      expect(Date.parse(granted[0].expiresAt) - Date.parse(granted[0].issuedAt.slice(0, 24))).toBe(
        14 * DAY,
      );
    }
    // Only Ada agreed to e-mail.
    await inbox.until(1);
    expect(inbox.mails.map((mail) => mail.to)).toEqual(["ada@example.org"]);
    expect(inbox.mails[0]?.text).toContain("Happy birthday! A cake is waiting for you.");

    // Another instance (or this one after a restart) reading the same sends grants nothing more.
    const again = await new AutomationTreats(server.services).runOnce();
    expect(again).toEqual({ granted: 0, duplicates: 2, rejected: 0 });
    clock += DAY;
    await run();
    expect((await card(ada)).vouchers).toHaveLength(1);
    expect(inbox.mails).toHaveLength(1);

    // A till of protocol 4 gets the grant and hands the treat over offline, like any reward.
    const voucherId = (await card(ada)).vouchers[0].id as string;
    const till = await TestDevice.pair(server);
    const pulled = await till.pullAll();
    expect(
      pulled
        .filter((e) => e.type === "voucher.granted")
        .map((e) => e.cardId)
        .sort(),
    ).toEqual([ada, bob].sort());
    const handOver = till.event("reward.handed_over", ada, { voucherId }, clock);
    const pushed = await till.sync([handOver]);
    expect(pushed.json.accepted).toEqual([handOver.id]);
    expect((await card(ada)).vouchers[0]).toMatchObject({
      status: "redeemed",
      redeemMethod: "handover",
    });

    // A till of protocol 3 is served neither the grant nor the hand-over naming it (SPEC G4).
    const old = await TestDevice.pair(server);
    const answer = await call(server, "POST", "/api/v1/sync", {
      token: old.token,
      body: { cursor: null, events: [] },
      headers: { [PROTOCOL_HEADER]: "3" },
    });
    expect(answer.status).toBe(200);
    const types = (answer.json.events as { type: string; voucherId?: string }[]).map((e) => e.type);
    expect(types).toContain("card.enrolled");
    expect(types).not.toContain("voucher.granted");
    expect(answer.json.events.some((e: { voucherId?: string }) => e.voucherId === voucherId)).toBe(
      false,
    );
    // A till cannot grant one itself.
    const forged = till.event(
      "voucher.granted",
      bob,
      { voucherId: `${bob}:987654321`, title: "Free everything", reason: "birthday" },
      clock,
    );
    expect((await till.sync([forged])).json.rejected).toEqual([
      expect.objectContaining({ id: forged.id, code: "server-only" }),
    ]);
  });

  it("gives a bonus stamp with the win-back message once per absence: the bonus is no visit", async () => {
    const cara = await join({ name: "Cara" });
    const owner = new AdminBrowser(server);
    expect((await owner.login(server.seed.adminEmail, server.seed.adminPassword)).status).toBe(303);
    const page = `/admin/automations?program=${server.seed.programId}`;
    const saved = await owner.post(`/admin/automations/win-back?program=${server.seed.programId}`, {
      _csrf: AdminBrowser.csrf((await owner.get(page)).html),
      enabled: "on",
      "settings.days": "7",
      "settings.bonus": "stamp",
      "settings.treat.title": "",
      "settings.treat.validDays": "30",
      "message.en": "We miss you: here is a stamp on us.",
    });
    expect(saved.status).toBe(303);
    const before = (await card(cara)).lifetimeStamps as number;
    clock += 8 * DAY;
    await run();
    expect((await card(cara)).lifetimeStamps).toBe(before + 1);
    // Still no visit a month on: the same absence, no second bonus.
    for (let day = 0; day < 30; day += 1) {
      clock += DAY;
      await run(1);
    }
    expect((await card(cara)).lifetimeStamps).toBe(before + 1);
  });
});
