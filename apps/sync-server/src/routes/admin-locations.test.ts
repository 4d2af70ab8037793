import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { anotherMerchant, TestDevice } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { staffPinHash } from "../locations/staff-pin";

let server: TestServer;

describe.each(DATABASES)("renaming and removing locations in the admin (%s)", (database) => {
  beforeAll(async () => {
    server = await startTestServer({ database });
  });
  afterAll(() => server.close());

  const newLocation = async (name: string) => {
    const id = randomUUID();
    await server.services.store.createLocation({
      id,
      merchantId: server.seed.merchantId,
      name,
      staffPin: await staffPinHash("2468"),
      syncScope: "location",
      createdAt: Date.now(),
    });
    return id;
  };

  it("renames a location, refusing a name that is not plain text", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const id = await newLocation("Kiosk corner");
    const action = `/admin/locations/${id}/name`;
    const bad = await browser.submit("/admin/locations", action, { name: "Bar\u202Eevil" });
    expect(bad.status).toBe(422);
    expect(bad.html).toMatch(/aria-invalid="true"/);
    const ok = await browser.submit("/admin/locations", action, { name: "Window bar" });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe("/admin/locations?notice=renamed");
    const page = await browser.get(ok.location ?? "");
    expect(page.html).toContain("Location renamed.");
    expect(page.html).toContain(">Window bar</h2>");
  });

  it("removes a location only once confirmed, and refuses while a till is paired there", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const till = await TestDevice.pair(server);
    const remove = `/admin/locations/${server.seed.locationId}/remove`;
    const asked = await browser.submit("/admin/locations", remove, {});
    expect(asked.status).toBe(200);
    expect(asked.html).toContain("Remove “Main counter”?");
    const refused = await browser.post(remove, {
      confirmed: "yes",
      _csrf: AdminBrowser.csrf(asked.html),
    });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain("1 till is still paired at “Main counter”");
    expect((await till.sync()).status).toBe(200);

    const spare = await newLocation("Pop-up stand");
    const gone = await browser.submit("/admin/locations", `/admin/locations/${spare}/remove`, {
      confirmed: "yes",
    });
    expect(gone.status).toBe(303);
    expect(gone.location).toBe("/admin/locations?notice=removed");
    const page = await browser.get(gone.location ?? "");
    expect(page.html).toContain("Location removed.");
    expect(page.html).not.toContain("Pop-up stand");
    expect(page.html).toContain("Main counter");
    // A removed location takes no pairing codes.
    const pairing = await browser.submit("/admin/devices", "/admin/devices/pairing-codes", {
      locationId: spare,
    });
    expect(pairing.status).toBe(404);
  });

  it("never renames or removes another merchant's location", async () => {
    const other = await anotherMerchant(server, "Other Shop");
    const browser = await AdminBrowser.signedIn(server);
    const theirs = (await server.services.store.listLocations(other.merchantId))[0]?.id ?? "";
    const renamed = await browser.submit("/admin/locations", `/admin/locations/${theirs}/name`, {
      name: "Mine now",
    });
    expect(renamed.status).toBe(404);
    const removed = await browser.submit("/admin/locations", `/admin/locations/${theirs}/remove`, {
      confirmed: "yes",
    });
    expect(removed.status).toBe(404);
    expect(await server.services.store.listLocations(other.merchantId)).toHaveLength(1);
  });
});
