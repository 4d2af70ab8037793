import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, call, enroll, TestDevice } from "../../test/fixtures";
import { SmtpInbox } from "../../test/smtp-inbox";
import { startTestServer, type TestServer } from "../../test/test-server";
import { deliveryRecorded, WebhookReceiver } from "../../test/webhook-receiver";
import { createAdmin } from "../admin/create-admin";
import { DISABLE_AFTER_MS } from "./webhook-retries";

let server: TestServer;
let inbox: SmtpInbox;
let receiver: WebhookReceiver;
let clock = Date.now();

beforeAll(async () => {
  inbox = await SmtpInbox.start();
  receiver = await WebhookReceiver.start(Array.from({ length: 50 }, () => 500));
  server = await startTestServer({ smtpUrl: inbox.url, now: () => clock });
});
afterAll(async () => {
  await server.close();
  await Promise.all([inbox.close(), receiver.close()]);
});

describe("an endpoint that fails for days", () => {
  it("is switched off and the merchant's owners are told by e-mail, each in their language, how to switch it on", async () => {
    const key = await apiKey(server, server.seed);
    const kazakh = await createAdmin(server.services, {
      email: "kazakh-owner@example.org",
      password: "a long test password",
      merchantId: server.seed.merchantId,
    });
    if (!kazakh.ok) throw new Error(kazakh.reason);
    await server.services.store.setAdminLocale(kazakh.userId, "kk");
    const made = await call(server, "POST", "/api/v1/webhooks", {
      token: key,
      body: { url: receiver.url, events: ["stamps.added"] },
    });
    const card = await enroll(server, key, server.seed.programId);
    const till = await TestDevice.pair(server);
    await till.sync([till.stamp(card.cardId)]);
    await deliveryRecorded(server, key, made.json.id, (d) => d.lastStatus === 500);

    // Five days on, the receiver still fails: the next message switches it off.
    clock += DISABLE_AFTER_MS + 60_000;
    await till.sync([till.stamp(card.cardId)]);
    await inbox.until(2);
    const mail = inbox.mails.find((m) => m.to === server.seed.adminEmail);
    expect(mail?.subject).toBe("Stamp switched off one of your webhook endpoints");
    expect(mail?.text).toContain(receiver.url);
    expect(mail?.text).toContain(`/admin/webhooks/${made.json.id}`);
    const inKazakh = inbox.mails.find((m) => m.to === "kazakh-owner@example.org");
    expect(inKazakh?.subject).toBe("Stamp вебхук соңғы нүктелеріңіздің бірін өшірді");
    expect(inKazakh?.text).toContain(`/admin/webhooks/${made.json.id}`);
    const listed = await call(server, "GET", "/api/v1/webhooks", { token: key });
    expect(listed.json.items[0].disabledAt).not.toBeNull();
    expect(inbox.mails).toHaveLength(2);
  });
});
