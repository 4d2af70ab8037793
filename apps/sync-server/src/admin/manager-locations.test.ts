import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { apiKey, call, newLocation, TestDevice } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { createAdmin } from "./create-admin";

/**
 * Roles over HTTP: a manager tied to a location sees only that location's customers, tills and
 * staff (another location's card is a 404, never a 403), and none of the merchant-wide pages;
 * staff open no admin page but their own account.
 */
describe.each(DATABASES)("managers tied to locations (%s)", (database) => {
  let server: TestServer;
  let owner: AdminBrowser;
  let manager: AdminBrowser;
  let managerId: string;
  let south: Awaited<ReturnType<typeof newLocation>>;
  let southTill: TestDevice;
  const cards = { north: "", south: "", phone: "" };

  beforeAll(async () => {
    server = await startTestServer({ database });
    const key = await apiKey(server, server.seed);
    owner = await AdminBrowser.signedIn(server);
    south = await newLocation(server, server.seed, "South Street");
    const northTill = await TestDevice.pair(server, server.seed, "staff");
    southTill = await TestDevice.pair(server, south, "staff");
    const join = async (name: string) => {
      const joined = await call(server, "POST", "/api/v1/cards", {
        token: key,
        body: { programId: server.seed.programId, profile: { name } },
      });
      expect(joined.status).toBe(201);
      return joined.json.cardId as string;
    };
    cards.north = await join("Nora Northway");
    cards.south = await join("Sam Southway");
    cards.phone = await join("Pia Phoneway");
    expect((await northTill.sync([northTill.stamp(cards.north)])).status).toBe(200);
    expect((await southTill.sync([southTill.stamp(cards.south)])).status).toBe(200);

    const email = `manager-${randomUUID()}@example.org`;
    const password = "a long test password";
    const made = await createAdmin(server.services, {
      email,
      password,
      merchantId: server.seed.merchantId,
    });
    if (!made.ok) throw new Error(made.reason);
    managerId = made.userId;
    await server.services.store.setAdminRole(server.seed.merchantId, managerId, "manager");
    manager = await AdminBrowser.signedIn(server, email, password);
  });
  afterAll(() => server.close());

  it("is tied to locations by the owner on the team page", async () => {
    const team = await owner.get("/admin/team");
    expect(team.html).toContain(`action="/admin/team/${managerId}/locations"`);
    expect(team.html).toContain("Every location (none ticked)");
    const saved = await owner.submit("/admin/team", `/admin/team/${managerId}/locations`, {
      locations: [server.seed.locationId],
    });
    expect(saved.status).toBe(303);
    const after = await owner.get("/admin/team?notice=locations");
    expect(after.html).toContain("The manager&#39;s locations are saved.");
    expect(after.html).toContain("1 location");
    // Another merchant's or an unknown location ties nobody.
    const unknown = await owner.submit("/admin/team", `/admin/team/${managerId}/locations`, {
      locations: [randomUUID()],
    });
    expect(unknown.status).toBe(404);
    const audit = await server.services.store.listAudit(
      server.seed.merchantId,
      { action: "team.locations-changed" },
      null,
      5,
    );
    expect(audit.map((e) => e.target)).toEqual([managerId]);
  });

  it("shows the manager only their location's customers; another's card is not found", async () => {
    const recent = await manager.get("/admin/cards");
    expect(recent.html).toContain(`/admin/cards/${cards.north}`);
    expect(recent.html).toContain(`/admin/cards/${cards.phone}`);
    expect(recent.html).not.toContain(cards.south);
    expect((await manager.get("/admin/cards?q=northway")).html).toContain(cards.north);
    const search = await manager.get("/admin/cards?q=southway");
    expect(search.status).toBe(404);
    expect(search.html).not.toContain(cards.south);
    // By its id, too: no redirect to it, and its page, actions and vouchers are 404.
    expect((await manager.get(`/admin/cards?q=${cards.south}`)).status).toBe(404);
    expect((await manager.get(`/admin/cards/${cards.south}`)).status).toBe(404);
    expect((await manager.get(`/admin/cards/${cards.south}/vouchers/1`)).status).toBe(404);
    const block = await manager.submit(
      `/admin/cards/${cards.north}`,
      `/admin/cards/${cards.south}/block`,
      {
        reason: "test",
        confirmed: "yes",
      },
    );
    expect(block.status).toBe(404);
    expect((await manager.get(`/admin/cards/${cards.south}/export`)).status).toBe(404);
    expect((await manager.get(`/admin/cards/${cards.north}`)).status).toBe(200);
    // The owner still sees everyone.
    expect((await owner.get("/admin/cards?q=southway")).html).toContain(cards.south);
    expect((await owner.get(`/admin/cards/${cards.south}`)).status).toBe(200);
  });

  it("shows the manager only their location's tills and locations, and no merchant-wide page", async () => {
    const devices = await manager.get("/admin/devices");
    expect(devices.html).not.toContain(southTill.deviceId);
    expect(devices.html).not.toContain("South Street");
    const revoke = await manager.submit(
      "/admin/devices",
      `/admin/devices/${southTill.deviceId}/revoke`,
      {
        confirmed: "yes",
      },
    );
    expect(revoke.status).toBe(404);
    const locations = await manager.get("/admin/locations");
    expect(locations.html).not.toContain("South Street");
    expect(locations.html).not.toContain('action="/admin/locations"');
    const added = await manager.submit("/admin/locations", "/admin/locations", {
      name: "Pop-up",
      pin: "1234",
      confirm: "1234",
    });
    expect(added.status).toBe(403);
    const region = await manager.submit("/admin/locations", "/admin/locations/regions", {
      name: "North",
    });
    expect(region.status).toBe(403);
    const pin = await manager.submit(
      "/admin/locations",
      `/admin/locations/${south.locationId}/pin`,
      {
        pin: "1234",
        confirm: "1234",
      },
    );
    expect(pin.status).toBe(404);
    for (const path of ["/admin/audit", "/admin/business", "/admin/campaigns", "/admin/team"]) {
      const refused = await manager.get(path);
      expect(refused.status, path).toBe(303);
      expect(refused.location, path).toBe("/admin/account?notice=not-allowed");
    }
    const shell = await manager.get("/admin/cards");
    expect(shell.html).not.toContain('href="/admin/audit"');
  });

  it("opens no admin page to staff but their own account", async () => {
    const staff = await AdminBrowser.signedInAs(server, "staff");
    for (const path of [
      "/admin",
      "/admin/cards",
      `/admin/cards/${cards.north}`,
      "/admin/devices",
      "/admin/locations",
      "/admin/staff",
      "/admin/programs",
    ]) {
      const refused = await staff.get(path);
      expect(refused.status, path).toBe(303);
      expect(refused.location, path).toBe("/admin/account?notice=not-allowed");
    }
    expect((await staff.get("/admin/account")).status).toBe(200);
  });
});
