import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anotherMerchant,
  apiKey,
  call,
  enroll,
  type Merchant,
  newLocation,
  type PulledEvent,
  TestDevice,
  twoShopServer,
} from "../../test/fixtures";
import { DATABASES, type TestServer } from "../../test/test-server";

const cardsOf = (events: readonly PulledEvent[]) => new Set(events.map((e) => e.cardId));

/** Sync scopes over HTTP (stamp-core SPEC SC1–SC5, API.md § Sync scope). */
describe.each(DATABASES)("sync scopes (%s)", (database) => {
  let server: TestServer;
  let key: string;
  let north: Merchant;
  let south: Merchant;

  beforeAll(async () => {
    ({ server, key, north, south } = await twoShopServer(database));
  });
  afterAll(() => server.close());

  it("never sends a till the cards of another location, and sends a visiting card's whole history (SC1–SC4)", async () => {
    const northTill = await TestDevice.pair(server, north);
    const northReader = await TestDevice.pair(server, north);
    const southTill = await TestDevice.pair(server, south);
    await northReader.pullAll();
    await southTill.pullAll();

    const regular = (await enroll(server, key, north.programId)).cardId;
    const southRegular = (await enroll(server, key, north.programId)).cardId;
    // Both cards were joined on a phone: every till learns of them.
    expect(cardsOf(await southTill.pullAll())).toEqual(new Set([regular, southRegular]));
    expect(southTill.cursor).toMatch(/-l$/);
    const northStamp = northTill.stamp(regular, 2);
    expect((await northTill.sync([northStamp])).json.accepted).toEqual([northStamp.id]);
    const southStamp = southTill.stamp(southRegular, 1);
    const pushed = await southTill.sync([southStamp]);
    expect(pushed.json.accepted).toEqual([southStamp.id]);

    // Their stamps stay home.
    const northSees = await northReader.pullAll();
    expect(northSees.map((e) => e.id)).toContain(northStamp.id);
    expect(northSees.map((e) => e.id)).not.toContain(southStamp.id);
    const southSees = [...pushed.json.events, ...(await southTill.pullAll())];
    expect(southSees.map((e) => e.id)).not.toContain(northStamp.id);

    // The north regular visits the south shop: its till fetches the card it does not hold...
    const fetched = await call(server, "GET", `/api/v1/sync/cards/${regular}`, {
      token: southTill.token,
    });
    expect(fetched.status).toBe(200);
    expect(fetched.json.cardId).toBe(regular);
    expect(fetched.json.events.map((e: PulledEvent) => e.id)).toContain(northStamp.id);
    // ...stamps it, and from then on the card belongs to both shops.
    const visit = southTill.stamp(regular, 1);
    expect((await southTill.sync([visit])).json.accepted).toEqual([visit.id]);
    const southTill2 = await TestDevice.pair(server, south);
    const newcomer = await southTill2.pullAll();
    expect(newcomer.map((e) => e.id)).toEqual(expect.arrayContaining([northStamp.id, visit.id]));
    expect(newcomer.map((e) => e.id)).toContain(southStamp.id);
    expect((await northReader.pullAll()).map((e) => e.id)).toEqual([visit.id]);
    const card = await call(server, "GET", `/api/v1/cards/${regular}`, { token: key });
    expect(card.json.stamps).toBe(3);
  });

  it("keeps serving the whole merchant to a kiosk from before scopes (protocol 1)", async () => {
    const southTill = await TestDevice.pair(server, south);
    const old = await TestDevice.pair(server, north);
    const card = (await enroll(server, key, north.programId)).cardId;
    const stamp = southTill.stamp(card, 1);
    await southTill.sync([stamp]);
    const reply = await call(server, "POST", "/api/v1/sync", {
      token: old.token,
      body: { cursor: null, events: [] },
    });
    expect(reply.json.events.map((e: PulledEvent) => e.id)).toContain(stamp.id);
    expect(reply.json.cursor).not.toMatch(/-l$/);
  });

  it("answers a card fetch only for the till's own merchant", async () => {
    const till = await TestDevice.pair(server, south);
    const other = await anotherMerchant(server, `Other ${randomUUID().slice(0, 6)}`);
    const theirs = (await enroll(server, await apiKey(server, other), other.programId)).cardId;
    const refused = await call(server, "GET", `/api/v1/sync/cards/${theirs}`, {
      token: till.token,
    });
    expect(refused.status).toBe(404);
    expect(refused.json.error.code).toBe("card-not-found");
    const anonymous = await call(server, "GET", `/api/v1/sync/cards/${theirs}`, {});
    expect(anonymous.status).toBe(401);
  });

  it("starts a till over when its location switches to the merchant scope, and no more (SC2)", async () => {
    const cornerShop = await newLocation(server, north, "Kiosk corner");
    const location = cornerShop.locationId;
    const corner = await TestDevice.pair(server, cornerShop);
    const southTill = await TestDevice.pair(server, south);
    const southCard = (await enroll(server, key, north.programId)).cardId;
    const stamp = southTill.stamp(southCard, 1);
    await southTill.sync([stamp]);
    expect((await corner.pullAll()).map((e) => e.id)).not.toContain(stamp.id);

    await server.services.store.setSyncScope(north.merchantId, location, "merchant");
    const everything = await corner.pullAll();
    expect(everything.map((e) => e.id)).toContain(stamp.id);
    expect(corner.cursor).not.toMatch(/-l$/);
    expect(await corner.pullAll()).toEqual([]);

    // Back to its location: it keeps its cursor (it holds more than it needs) and pulls on.
    await server.services.store.setSyncScope(north.merchantId, location, "location");
    expect(await corner.pullAll()).toEqual([]);
    expect(corner.cursor).toMatch(/-l$/);
  });
});
