import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import {
  enroll,
  type Merchant,
  newLocation,
  type PulledEvent,
  TestDevice,
  twoShopServer,
} from "../../test/fixtures";
import { DATABASES, type TestServer } from "../../test/test-server";

const ids = (events: readonly PulledEvent[]) => events.map((e) => e.id);

/** The region scope over HTTP, set up through the admin pages (stamp-core SPEC SC8, API.md). */
describe.each(DATABASES)("region sync scope (%s)", (database) => {
  let server: TestServer;
  let key: string;
  let north: Merchant;
  let south: Merchant;

  beforeAll(async () => {
    ({ server, key, north, south } = await twoShopServer(database));
  });
  afterAll(() => server.close());

  it("gives a region's tills the cards used at any of its locations, never another's, and starts them over when a location joins (SC8)", async () => {
    const east = await newLocation(server, north, "East market");
    const admin = await AdminBrowser.signedIn(server);
    const page = "/admin/locations";
    const made = await admin.submit(page, "/admin/locations/regions", { name: "Riverside" });
    expect(made.status).toBe(303);
    expect(made.location).toBe("/admin/locations?notice=region-added");
    const taken = await admin.submit(page, "/admin/locations/regions", { name: "Riverside" });
    expect(taken.status).toBe(422);
    expect(taken.html).toContain("There is a region of that name already.");
    const [region] = await server.services.store.listRegions(north.merchantId);
    const regionId = region?.id as string;
    for (const shop of [north, south]) {
      const put = `/admin/locations/${shop.locationId}/region`;
      expect((await admin.submit(page, put, { regionId })).status).toBe(303);
    }
    const scope = `/admin/locations/${north.locationId}/sync-scope`;
    expect((await admin.submit(page, scope, { scope: "region" })).status).toBe(303);
    expect((await admin.get(page)).html).toContain("Riverside</strong>: ");

    const northTill = await TestDevice.pair(server, north);
    const southTill = await TestDevice.pair(server, south);
    const eastTill = await TestDevice.pair(server, east);
    for (const till of [northTill, southTill, eastTill]) await till.pullAll();
    const southCard = (await enroll(server, key, north.programId)).cardId;
    const eastCard = (await enroll(server, key, north.programId)).cardId;
    await northTill.pullAll();
    const southStamp = southTill.stamp(southCard, 1);
    const eastStamp = eastTill.stamp(eastCard, 1);
    expect((await southTill.sync([southStamp])).json.accepted).toEqual([southStamp.id]);
    expect((await eastTill.sync([eastStamp])).json.accepted).toEqual([eastStamp.id]);

    // The north till syncs its region: the south shop's card, not the east market's.
    const seen = ids(await northTill.pullAll());
    expect(seen).toEqual([southStamp.id]);
    expect(northTill.cursor).toMatch(/-r[0-9]+$/);
    const regionCursor = northTill.cursor;
    // The south till keeps its own location's cards: the region is the north location's choice.
    expect(southTill.cursor).toMatch(/-l$/);

    // The east market joins the region: the north till starts over and receives its cards too,
    // each event once.
    const join = `/admin/locations/${east.locationId}/region`;
    expect((await admin.submit(page, join, { regionId })).status).toBe(303);
    const again = ids(await northTill.pullAll());
    expect(again).toEqual(expect.arrayContaining([southStamp.id, eastStamp.id]));
    expect(again).toHaveLength(new Set(again).size);
    expect(northTill.cursor).not.toBe(regionCursor);
    expect(await northTill.pullAll()).toEqual([]);

    // A stamp at the east market now reaches the region's tills as it happens.
    const later = eastTill.stamp(eastCard, 1);
    await eastTill.sync([later]);
    expect(ids(await northTill.pullAll())).toEqual([later.id]);

    // Back to its own location: the region's view held the location's (`pullStart`), so the
    // till pulls on from its region cursor and downloads nothing again.
    expect((await admin.submit(page, scope, { scope: "location" })).status).toBe(303);
    expect(await northTill.pullAll()).toEqual([]);
    expect(northTill.cursor).toMatch(/-l$/);
    // Its view holds only the cards used at north and new cards of no location.
    const north2 = await TestDevice.pair(server, north);
    const own = ids(await north2.pullAll());
    expect(own).not.toContain(southStamp.id);
    expect(own).not.toContain(later.id);
  });

  it("refuses another merchant's region and unknown locations, changing nothing", async () => {
    const admin = await AdminBrowser.signedIn(server);
    const page = "/admin/locations";
    const stranger = "00000000-0000-4000-8000-000000000000";
    const put = `/admin/locations/${south.locationId}/region`;
    expect((await admin.submit(page, put, { regionId: stranger })).status).toBe(404);
    expect((await admin.submit(page, put, { regionId: "not-a-uuid" })).status).toBe(404);
    const blank = await admin.submit(page, "/admin/locations/regions", { name: "  " });
    expect(blank.status).toBe(422);
    expect(blank.html).toContain("Give the region a name");
  });

  it("renames a region and deletes it after asking: its tills pull on in their location's view, nothing again (SC8)", async () => {
    const admin = await AdminBrowser.signedIn(server);
    const page = "/admin/locations";
    const store = server.services.store;
    const west = await newLocation(server, north, "West quay");
    const made = await admin.submit(page, "/admin/locations/regions", { name: "Harbour" });
    expect(made.status).toBe(303);
    const regionId = (await store.listRegions(north.merchantId)).find((r) => r.name === "Harbour")
      ?.id as string;
    const rename = `/admin/locations/regions/${regionId}/name`;
    const renamed = await admin.submit(page, rename, { name: "Old harbour" });
    expect(renamed.location).toBe("/admin/locations?notice=region-renamed");
    expect((await store.getRegion(north.merchantId, regionId))?.name).toBe("Old harbour");
    const blank = await admin.submit(page, rename, { name: "" });
    expect(blank.status).toBe(422);
    expect(blank.html).toContain("Give the region a name");
    expect((await admin.get("/admin/locations?notice=region-renamed")).html).toContain(
      "Region renamed.",
    );

    const put = `/admin/locations/${west.locationId}/region`;
    expect((await admin.submit(page, put, { regionId })).status).toBe(303);
    const scope = `/admin/locations/${west.locationId}/sync-scope`;
    expect((await admin.submit(page, scope, { scope: "region" })).status).toBe(303);
    const till = await TestDevice.pair(server, west);
    const card = (await enroll(server, key, north.programId)).cardId;
    await till.pullAll();
    expect(till.cursor).toMatch(/-r[0-9]+$/);
    const stamp = till.stamp(card, 1);
    expect((await till.sync([stamp])).json.accepted).toEqual([stamp.id]);

    // Deleting asks first, naming the locations it takes out of the region; nothing changes yet.
    const remove = `/admin/locations/regions/${regionId}/delete`;
    const asked = await admin.submit(page, remove, {});
    expect(asked.status).toBe(200);
    expect(asked.html).toContain("West quay");
    expect(asked.html).toContain("fall back to their own location");
    expect(asked.html).toContain("download nothing again and show no notice");
    expect(await store.getRegion(north.merchantId, regionId)).not.toBeNull();
    const done = await admin.submit(page, remove, { confirmed: "yes" });
    expect(done.location).toBe("/admin/locations?notice=region-deleted");
    expect(await store.getRegion(north.merchantId, regionId)).toBeNull();
    const location = await store.getLocation(north.merchantId, west.locationId);
    expect([location?.regionId, location?.syncScope]).toEqual([null, "location"]);
    expect((await admin.submit(page, remove, { confirmed: "yes" })).status).toBe(404);
    expect((await admin.submit(page, rename, { name: "Again" })).status).toBe(404);

    // The till pulls on in its location's view, with no notice: what it holds from the region is
    // not sent again (the merchant's earlier enrolments, this card's), but what comes after is.
    expect(await till.pullAll()).toEqual([]);
    expect(till.cursor).toMatch(/-l$/);
    const again = (await enroll(server, key, north.programId)).cardId;
    expect((await till.pullAll()).map((e) => e.cardId)).toEqual([again]);
    const audit = await store.listAudit(north.merchantId, {}, null, 20);
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(["region.renamed", "region.deleted"]),
    );
  });
});
