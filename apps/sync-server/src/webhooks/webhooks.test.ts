import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, call, enroll, TestDevice } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import {
  deliveryRecorded,
  type ReceivedWebhook,
  WebhookReceiver,
} from "../../test/webhook-receiver";
import { RETRY_PAUSES_MS } from "./webhook-retries";

/** A received message's body, checked with the published Standard Webhooks algorithm. */
function verifiedBody(secret: string, received: ReceivedWebhook): unknown {
  return new Webhook(secret).verify(received.body, {
    "webhook-id": String(received.headers["webhook-id"]),
    "webhook-timestamp": String(received.headers["webhook-timestamp"]),
    "webhook-signature": String(received.headers["webhook-signature"]),
  });
}

describe.each(DATABASES)("webhooks over HTTP (%s)", (database) => {
  let server: TestServer;
  let key: string;
  let clock = Date.now();
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    server = await startTestServer({ database, now: () => clock });
    key = await apiKey(server, server.seed);
  });
  afterAll(async () => {
    await server.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  const receiver = async (answers: number[] = []) => {
    const made = await WebhookReceiver.start(answers);
    receivers.push(made);
    return made;
  };

  it("signs each change per Standard Webhooks, retries a failure within 10 s with the same webhook-id, and delivers each once", async () => {
    const hooks = await receiver([503]);
    const made = await call(server, "POST", "/api/v1/webhooks", {
      token: key,
      body: { url: hooks.url, events: ["stamps.added", "reward.ready"] },
    });
    expect(made.status).toBe(201);
    expect(made.json.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    const listed = await call(server, "GET", "/api/v1/webhooks", { token: key });
    expect(listed.json.items).toEqual([
      expect.objectContaining({ id: made.json.id, url: hooks.url, disabledAt: null }),
    ]);
    expect(JSON.stringify(listed.json)).not.toContain(made.json.secret);

    const card = await enroll(server, key, server.seed.programId);
    const till = await TestDevice.pair(server);
    const stamp = till.stamp(card.cardId);
    expect((await till.sync([stamp])).json.accepted).toEqual([stamp.id]);

    await hooks.until(1);
    const [failed] = hooks.received;
    expect(failed?.status).toBe(503);
    // The sender records the failure after the receiver answered: wait for that, then let 5 s pass.
    await deliveryRecorded(server, key, made.json.id, (d) => d.lastStatus === 503);
    // The retry is due 5 seconds later, in the server's time.
    expect(RETRY_PAUSES_MS[0]).toBeLessThanOrEqual(10_000);
    clock += RETRY_PAUSES_MS[0];
    await hooks.until(2);
    const delivered = hooks.received[1];
    if (!failed || !delivered) throw new Error("two attempts expected");
    expect(delivered.status).toBe(204);
    expect(delivered.headers["webhook-id"]).toBe(failed.headers["webhook-id"]);
    expect(delivered.headers["webhook-id"]).toBe(`msg_${stamp.id}`);
    expect(Number(delivered.headers["webhook-timestamp"])).toBe(Math.floor(clock / 1000));
    expect(verifiedBody(made.json.secret, delivered)).toMatchObject({
      type: "stamps.added",
      data: { cardId: card.cardId, eventId: stamp.id, count: 1, card: { stamps: 1 } },
    });

    // The delivery log says what happened; a re-sent stamp makes no new message.
    await till.sync([stamp]);
    const log = await call(server, "GET", `/api/v1/webhooks/${made.json.id}/deliveries`, {
      token: key,
    });
    expect(log.json.items).toEqual([
      expect.objectContaining({
        webhookId: `msg_${stamp.id}`,
        status: "delivered",
        attempts: 2,
        lastStatus: 204,
      }),
    ]);

    // Replay: the same message again, same webhook-id.
    const replay = await call(
      server,
      "POST",
      `/api/v1/webhooks/${made.json.id}/deliveries/${log.json.items[0].id}/replay`,
      { token: key },
    );
    expect(replay.status).toBe(202);
    await hooks.until(3);
    expect(hooks.received[2]?.headers["webhook-id"]).toBe(`msg_${stamp.id}`);

    expect(
      (await call(server, "DELETE", `/api/v1/webhooks/${made.json.id}`, { token: key })).status,
    ).toBe(204);
    expect(
      (await call(server, "DELETE", `/api/v1/webhooks/${made.json.id}`, { token: key })).json,
    ).toMatchObject({ error: { code: "webhook-not-found" } });
  });

  it("tells an endpoint when a customer's personal data is erased, once, signed like every message", async () => {
    const hooks = await receiver();
    const made = await call(server, "POST", "/api/v1/webhooks", {
      token: key,
      body: { url: hooks.url, events: ["customer.erased"] },
    });
    expect(made.status).toBe(201);
    const card = await enroll(server, key, server.seed.programId);
    const erase = () =>
      call(server, "DELETE", `/api/v1/customers/${card.cardId}/personal-data`, { token: key });
    expect((await erase()).json).toEqual({ erased: true });
    await hooks.until(1);
    const [told] = hooks.received;
    if (!told) throw new Error("no delivery");
    expect(told.headers["webhook-id"]).toBe(`msg_${card.cardId}.erased`);
    expect(verifiedBody(made.json.secret, told)).toEqual({
      type: "customer.erased",
      timestamp: new Date(clock).toISOString(),
      data: {
        cardId: card.cardId,
        merchantId: server.seed.merchantId,
        erasedAt: new Date(clock).toISOString(),
      },
    });
    // Erased again: the same message, so the endpoint is not told twice.
    expect((await erase()).json).toEqual({ erased: true });
    const log = await call(server, "GET", `/api/v1/webhooks/${made.json.id}/deliveries`, {
      token: key,
    });
    expect(log.json.items).toHaveLength(1);
    await call(server, "DELETE", `/api/v1/webhooks/${made.json.id}`, { token: key });
  });

  it("REST hooks: subscribe one kind, get a sample, unsubscribe; a 410 answer unsubscribes too", async () => {
    const zap = await receiver([410]);
    const hook = await call(server, "POST", "/api/v1/hooks", {
      token: key,
      body: { target_url: zap.url, event: "card.enrolled" },
    });
    expect(hook.status).toBe(201);
    const sample = await call(server, "GET", "/api/v1/hooks/samples/card.enrolled", {
      token: key,
    });
    expect(sample.json).toEqual([
      expect.objectContaining({ type: "card.enrolled", data: expect.any(Object) }),
    ]);
    await enroll(server, key, server.seed.programId);
    await zap.until(1);
    await enroll(server, key, server.seed.programId);
    clock += RETRY_PAUSES_MS[0];
    const removed = await call(server, "DELETE", `/api/v1/hooks/${hook.json.id}`, { token: key });
    expect(removed.status).toBe(204);
    expect(zap.received).toHaveLength(1);
  });

  it("refuses bad subscriptions with clear errors and keeps nothing", async () => {
    const bad = [
      [{ url: "not a url", events: ["stamps.added"] }, "webhook-target-refused"],
      [{ url: "https://example.com/x", events: [] }, "invalid-body"],
      [{ url: "https://example.com/x", events: ["stamps.exploded"] }, "invalid-body"],
    ] as const;
    for (const [body, code] of bad) {
      const reply = await call(server, "POST", "/api/v1/webhooks", { token: key, body });
      expect(reply.json, JSON.stringify(body)).toMatchObject({ error: { code } });
    }
    const other = await startTestServer({ database, webhookAllowPrivateTargets: false });
    try {
      const otherKey = await apiKey(other, other.seed);
      for (const url of [
        "http://example.com/hooks",
        "https://127.0.0.1/hooks",
        "https://[::1]/hooks",
        "https://169.254.169.254/latest",
        "https://shop.local/hooks",
      ]) {
        const reply = await call(other, "POST", "/api/v1/webhooks", {
          token: otherKey,
          body: { url, events: ["stamps.added"] },
        });
        expect(reply.status, url).toBe(422);
        expect(reply.json.error.code).toBe("webhook-target-refused");
      }
      expect(
        (await call(other, "GET", "/api/v1/webhooks", { token: otherKey })).json.items,
      ).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
