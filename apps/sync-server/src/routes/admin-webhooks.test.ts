import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { startTestServer, type TestServer } from "../../test/test-server";
import { WebhookReceiver } from "../../test/webhook-receiver";

let server: TestServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  server = await startTestServer();
  receiver = await WebhookReceiver.start();
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

describe("the admin webhooks page", () => {
  it("adds an endpoint (its secret shown once), lists its messages, and deletes it after asking", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const page = await browser.get("/admin/webhooks");
    expect(page.status).toBe(200);
    expect(page.html).toContain("No endpoints yet.");
    const csrf = AdminBrowser.csrf(page.html);

    const none = await browser.post("/admin/webhooks", { _csrf: csrf, url: receiver.url });
    expect(none.status).toBe(422);
    expect(none.html).toContain("Pick at least one kind of message to send.");

    const added = await browser.post("/admin/webhooks", {
      _csrf: csrf,
      url: receiver.url,
      events: ["card.enrolled", "stamps.added"],
    });
    expect(added.status).toBe(200);
    const secret = /<code class="secret">(whsec_[^<]+)<\/code>/.exec(added.html)?.[1];
    expect(secret).toBeDefined();
    const [endpoint] = await server.services.store.listWebhookEndpoints(server.seed.merchantId);
    expect(endpoint?.events).toEqual(["card.enrolled", "stamps.added"]);
    const again = await browser.get("/admin/webhooks");
    expect(again.html).not.toContain(secret);
    expect(again.html).toContain("Working");

    const log = await browser.get(`/admin/webhooks/${endpoint?.id}`);
    expect(log.html).toContain("Nothing has been sent yet.");

    const ask = await browser.get(`/admin/webhooks/${endpoint?.id}/delete`);
    expect(ask.html).toContain("Delete this endpoint?");
    const forged = await browser.post(`/admin/webhooks/${endpoint?.id}/delete`, {
      _csrf: "x".repeat(32),
    });
    expect(forged.status).toBe(403);
    // Without the confirmation's `confirmed`, a POST only asks.
    const asked = await browser.post(`/admin/webhooks/${endpoint?.id}/delete`, {
      _csrf: AdminBrowser.csrf(ask.html),
    });
    expect(asked.html).toContain("Delete this endpoint?");
    expect(await server.services.store.listWebhookEndpoints(server.seed.merchantId)).toHaveLength(
      1,
    );
    const deleted = await browser.post(`/admin/webhooks/${endpoint?.id}/delete`, {
      _csrf: AdminBrowser.csrf(ask.html),
      confirmed: "yes",
    });
    expect(deleted.location).toBe("/admin/webhooks?notice=deleted");
    expect(await server.services.store.listWebhookEndpoints(server.seed.merchantId)).toEqual([]);
  });
});
