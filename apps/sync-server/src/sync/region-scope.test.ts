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

    // Back to its own location: a region cursor starts over there (`pullStart`), and the view
    // holds only the cards used at north (none) and new cards of no location.
    expect((await admin.submit(page, scope, { scope: "location" })).status).toBe(303);
    const own = ids(await northTill.pullAll());
    expect(own).not.toContain(southStamp.id);
    expect(own).not.toContain(later.id);
    expect(northTill.cursor).toMatch(/-l$/);
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
});
