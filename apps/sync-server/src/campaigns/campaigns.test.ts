import { randomUUID } from "node:crypto";
import { unzip } from "@stamp/pass-builder/testing";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApnsFake } from "../../test/apns-fake";
import { apiKey, call, enroll } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { WebhookReceiver } from "../../test/webhook-receiver";

const PASS_TYPE = "pass.dev.stamp.loyalty";

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(DATABASES)("wallet campaigns (%s)", (database) => {
  let apns: ApnsFake;
  let server: TestServer;
  let key: string;

  beforeAll(async () => {
    apns = await ApnsFake.start();
    server = await startTestServer({
      database,
      walletEnv: { ...apns.env, WALLET_PUSH_INTERVAL_MS: "25", WALLET_PUSH_RETRY_BASE_MS: "50" },
    });
    key = await apiKey(server, server.seed);
  });
  afterAll(async () => {
    await server.close();
    await apns.close();
  });

  /** A card enrolled through the API whose pass an iPhone registered, pushed under `token`. */
  async function iphoneCard(token: string) {
    const card = await enroll(server, key, server.seed.programId);
    const pass = await server.services.wallet.store.getPass(card.cardId);
    const registered = await fetch(
      `${server.url}/wallet/v1/devices/dev${randomUUID().slice(0, 8)}/registrations/${PASS_TYPE}/${card.cardId}`,
      {
        method: "POST",
        headers: {
          authorization: `ApplePass ${pass?.authToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ pushToken: token }),
      },
    );
    expect(registered.status).toBe(201);
    return { ...card, authToken: pass?.authToken as string };
  }

  const campaign = (body: unknown, idempotencyKey?: string) =>
    call(server, "POST", "/api/v1/campaigns", {
      token: key,
      body,
      ...(idempotencyKey ? { headers: { "idempotency-key": idempotencyKey } } : {}),
    });

  it("puts the message on every chosen pass: one APNs push per device over HTTP/2, a report, a campaign.sent webhook", async () => {
    const hooks = await WebhookReceiver.start();
    const endpoint = await call(server, "POST", "/api/v1/webhooks", {
      token: key,
      body: { url: hooks.url, events: ["campaign.sent"] },
    });
    expect(endpoint.status).toBe(201);
    const live = await iphoneCard("aa".repeat(32));
    const dead = await iphoneCard("bb".repeat(32));
    apns.gone.add("bb".repeat(32));
    const walletless = await enroll(server, key, server.seed.programId);
    const body = {
      programId: server.seed.programId,
      name: "Pumpkin season",
      message: { en: "Pumpkin latte is back: show this card for 10% off" },
      audience: { kind: "everyone" },
    };
    const idempotencyKey = randomUUID();
    const made = await campaign(body, idempotencyKey);
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ name: "Pumpkin season", status: "scheduled" });
    // The same request again (a retry) is the same campaign, sent once.
    const again = await campaign(body, idempotencyKey);
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(made.json.id);
    expect((await campaign({ ...body, name: "Other" }, idempotencyKey)).status).toBe(422);

    const pushesBefore = apns.total;
    await apns.reached(pushesBefore + 2);
    await until(async () => {
      const report = await call(server, "GET", `/api/v1/campaigns/${made.json.id}`, { token: key });
      return (
        report.json.status === "sent" &&
        report.json.report.pushed === 1 &&
        report.json.report.failures === 1
      );
    });
    expect(apns.pushes.get("aa".repeat(32))).toBe(1);
    expect(apns.pushes.get("bb".repeat(32))).toBe(1);
    expect(apns.last?.topic).toBe(PASS_TYPE);
    // APNs said the second iPhone gave the pass up: it is no longer registered.
    expect(await server.services.wallet.store.registrationsOf(dead.cardId)).toEqual([]);

    // The iPhone fetches the new version: the message is the field whose change shows on the lock screen.
    const fetched = await fetch(`${server.url}/wallet/v1/passes/${PASS_TYPE}/${live.cardId}`, {
      headers: { authorization: `ApplePass ${live.authToken}` },
    });
    expect(fetched.status).toBe(200);
    const files = await unzip(Buffer.from(await fetched.arrayBuffer()));
    const passJson = JSON.parse(files.get("pass.json")?.toString() ?? "{}");
    expect(passJson.storeCard.backFields).toContainEqual(
      expect.objectContaining({
        key: "notice",
        value: "Pumpkin latte is back: show this card for 10% off",
        changeMessage: "%@",
      }),
    );
    const report = await call(server, "GET", `/api/v1/campaigns/${made.json.id}`, { token: key });
    expect(report.json.report).toEqual({
      recipients: 3,
      listened: 2,
      pushed: 1,
      failures: 1,
      fetched: 1,
      emailed: 0,
      emailFailed: 0,
    });
    expect(await server.services.wallet.store.getPass(walletless.cardId)).toMatchObject({
      message: { id: made.json.id },
    });
    const listed = await call(server, "GET", "/api/v1/campaigns", { token: key });
    expect(listed.json.items.map((c: { id: string }) => c.id)).toContain(made.json.id);
    expect(apns.doubled()).toEqual([]);

    // The merchant's endpoint heard it was sent: written with the step that marked it sent, once.
    await hooks.until(1);
    const [told] = hooks.received;
    expect(told?.headers["webhook-id"]).toBe(`msg_${made.json.id}.sent`);
    const verified = new Webhook(endpoint.json.secret).verify(told?.body ?? "", {
      "webhook-id": String(told?.headers["webhook-id"]),
      "webhook-timestamp": String(told?.headers["webhook-timestamp"]),
      "webhook-signature": String(told?.headers["webhook-signature"]),
    });
    expect(verified).toMatchObject({
      type: "campaign.sent",
      data: {
        campaignId: made.json.id,
        merchantId: server.seed.merchantId,
        programId: server.seed.programId,
        name: "Pumpkin season",
        audience: { kind: "everyone" },
        recipients: 3,
        walletPushes: 2,
        emails: 0,
      },
    });
    await call(server, "DELETE", `/api/v1/webhooks/${endpoint.json.id}`, { token: key });
    await hooks.close();
    expect(hooks.received).toHaveLength(1);
  });

  it("sends to the chosen audience only, and refuses what cannot be sent", async () => {
    const stamped = await iphoneCard("cc".repeat(32));
    const idle = await iphoneCard("dd".repeat(32));
    const stampedReply = await call(server, "POST", "/api/v1/stamps", {
      token: key,
      body: { card: stamped.code },
      headers: { "idempotency-key": randomUUID() },
    });
    expect(stampedReply.status).toBe(200);
    await until(async () => (await server.services.wallet.store.pushJob(stamped.cardId)) === null);
    const before = apns.total;
    const made = await campaign({
      programId: server.seed.programId,
      name: "Regulars",
      message: { en: "Thanks for coming by" },
      audience: { kind: "active", days: 30 },
    });
    expect(made.status).toBe(201);
    await until(async () => {
      const report = await call(server, "GET", `/api/v1/campaigns/${made.json.id}`, { token: key });
      return report.json.report.pushed === 1;
    });
    expect(apns.total).toBe(before + 1);
    expect(apns.last?.token).toBe("cc".repeat(32));
    expect(apns.pushes.get("dd".repeat(32)) ?? 0).toBe(0);
    expect((await server.services.wallet.store.getPass(idle.cardId))?.message).toBeNull();

    const refused = async (body: unknown, code: string) => {
      const reply = await campaign(body);
      expect(reply.json.error?.code).toBe(code);
    };
    const base = {
      programId: server.seed.programId,
      name: "x",
      message: { en: "Hi" },
      audience: { kind: "everyone" },
    };
    await refused({ ...base, message: { fr: "Salut" } }, "invalid-body");
    await refused({ ...base, message: {} }, "invalid-body");
    await refused({ ...base, audience: { kind: "lapsed", days: 0 } }, "invalid-body");
    await refused({ ...base, programId: randomUUID() }, "program-not-found");
    const other = await call(server, "GET", `/api/v1/campaigns/${randomUUID()}`, { token: key });
    expect(other.json.error.code).toBe("campaign-not-found");
  });

  it("holds a scheduled campaign until its time, and cancels it before", async () => {
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const made = await campaign({
      programId: server.seed.programId,
      name: "Tomorrow",
      message: { en: "See you tomorrow" },
      audience: { kind: "everyone" },
      sendAt: later,
    });
    expect(made.json).toMatchObject({ status: "scheduled", sendAt: later });
    const cancelled = await call(server, "POST", `/api/v1/campaigns/${made.json.id}/cancel`, {
      token: key,
    });
    expect(cancelled.json.status).toBe("cancelled");
    const twice = await call(server, "POST", `/api/v1/campaigns/${made.json.id}/cancel`, {
      token: key,
    });
    expect(twice.json.error.code).toBe("campaign-not-cancellable");
  });
});
