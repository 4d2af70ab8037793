import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { apiKey, call, enroll, newApiKey, TestDevice } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";

let server: TestServer;

describe.each(DATABASES)("destructive admin actions ask first (%s)", (database) => {
  beforeAll(async () => {
    server = await startTestServer({ database });
  });
  afterAll(() => server.close());

  it("revokes an API key only from its confirmation page, whose form carries the CSRF token", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const { key, id } = await newApiKey(server, server.seed, "Till POS");
    const asked = await browser.submit("/admin/api-keys", `/admin/api-keys/${id}/revoke`, {});
    expect(asked.status).toBe(200);
    expect(asked.html).toContain("Revoke the key “Till POS”?");
    expect(asked.html).toMatch(/<form method="post" action="\/admin\/api-keys\/[^"]+\/revoke"/);
    expect(asked.html).toContain('name="confirmed" value="yes"');
    expect(asked.html).toContain('href="/admin/api-keys"');
    expect((await call(server, "GET", "/api/v1/programs", { token: key })).status).toBe(200);

    // "Yes" without the session's token is a forgery, and changes nothing.
    const forged = await browser.post(`/admin/api-keys/${id}/revoke`, { confirmed: "yes" });
    expect(forged.status).toBe(403);
    expect((await call(server, "GET", "/api/v1/programs", { token: key })).status).toBe(200);

    const yes = await browser.post(`/admin/api-keys/${id}/revoke`, {
      confirmed: "yes",
      _csrf: AdminBrowser.csrf(asked.html),
    });
    expect(yes.status).toBe(303);
    expect(yes.location).toBe("/admin/api-keys?notice=key-revoked");
    expect((await call(server, "GET", "/api/v1/programs", { token: key })).status).toBe(401);
    // A key already revoked has nothing left to confirm.
    expect(
      (await browser.submit("/admin/api-keys", `/admin/api-keys/${id}/revoke`, {})).status,
    ).toBe(404);
  });

  it("unpairs a till only once confirmed, saying what happens to stamps not sent yet", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const device = await TestDevice.pair(server);
    const asked = await browser.submit(
      "/admin/devices",
      `/admin/devices/${device.deviceId}/revoke`,
      {},
    );
    expect(asked.status).toBe(200);
    expect(asked.html).toContain("Unpair “Till”?");
    expect(asked.html).toContain("All saved");
    expect((await device.sync()).status).toBe(200);
    const yes = await browser.post(`/admin/devices/${device.deviceId}/revoke`, {
      confirmed: "yes",
      _csrf: AdminBrowser.csrf(asked.html),
    });
    expect(yes.status).toBe(303);
    expect((await device.sync()).status).toBe(401);
  });

  it("blocks a card only once confirmed, keeping the reason typed on the first form", async () => {
    const key = await apiKey(server, server.seed);
    const card = await enroll(server, key, server.seed.programId);
    const browser = await AdminBrowser.signedIn(server);
    const path = `/admin/cards/${card.cardId}`;
    const asked = await browser.submit(path, `${path}/block`, { reason: "Reported stolen" });
    expect(asked.status).toBe(200);
    expect(asked.html).toContain("Block this card?");
    expect(asked.html).toContain('name="reason" value="Reported stolen"');
    const blocked = async () =>
      (await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key })).json.blocked;
    expect(await blocked()).toBe(false);
    const yes = await browser.post(`${path}/block`, {
      reason: "Reported stolen",
      confirmed: "yes",
      _csrf: AdminBrowser.csrf(asked.html),
    });
    expect(yes.status).toBe(303);
    expect(await blocked()).toBe(true);
    expect((await browser.get(path)).html).toContain("Reported stolen");
    // Unblocking takes nothing away: no question asked.
    expect((await browser.submit(path, `${path}/unblock`, {})).status).toBe(303);
    expect(await blocked()).toBe(false);
  });

  it("asks only those whose role may act: managers unpair and block, only owners revoke keys", async () => {
    const manager = await AdminBrowser.signedInAs(server, "manager");
    const { key, id } = await newApiKey(server, server.seed, "Manager's POS");
    const keyWorks = async () =>
      (await call(server, "GET", "/api/v1/programs", { token: key })).status;
    // No confirmation page, and a "yes" with the manager's own CSRF token changes nothing.
    const asked = await manager.submit("/admin/cards", `/admin/api-keys/${id}/revoke`, {});
    expect(asked.status).toBe(403);
    const forced = await manager.submit("/admin/cards", `/admin/api-keys/${id}/revoke`, {
      confirmed: "yes",
    });
    expect(forced.status).toBe(403);
    expect(await keyWorks()).toBe(200);

    const device = await TestDevice.pair(server);
    const unpair = await manager.submit(
      "/admin/devices",
      `/admin/devices/${device.deviceId}/revoke`,
      {},
    );
    expect(unpair.status).toBe(200);
    expect(unpair.html).toContain("Unpair “Till”?");
    const card = await enroll(server, key, server.seed.programId);
    const path = `/admin/cards/${card.cardId}`;
    const block = await manager.submit(path, `${path}/block`, { reason: "Shared online" });
    expect(block.status).toBe(200);
    expect(block.html).toContain("Block this card?");

    // Staff work at the till: no admin page, no confirmation, nothing blocked.
    const staff = await AdminBrowser.signedInAs(server, "staff");
    expect((await staff.get(path)).location).toBe("/admin/account?notice=not-allowed");
    const own = await staff.get("/admin/account");
    const refused = await staff.post(`${path}/block`, {
      reason: "Shared online",
      confirmed: "yes",
      _csrf: AdminBrowser.csrf(own.html),
    });
    expect(refused.status).toBe(403);
    const state = await call(server, "GET", `/api/v1/cards/${card.cardId}`, { token: key });
    expect(state.json.blocked).toBe(false);
  });
});
