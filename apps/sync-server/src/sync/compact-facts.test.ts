import { randomUUID } from "node:crypto";
import { tooLate } from "@stamp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enroll, type Merchant, newLocation, TestDevice, twoShopServer } from "../../test/fixtures";
import { DATABASES, type TestServer } from "../../test/test-server";
import type { PageEvent, PullScope } from "../storage/store";
import { CompactFacts } from "./compact-facts";

const MINUTE = 60_000;

/** What a page's compaction read before the facts were kept: each page's cards read afresh. */
async function lateNow(server: TestServer, merchantId: string, events: readonly PageEvent[]) {
  const earliest = new Map<string, string>();
  for (const event of events) {
    const hlc = earliest.get(event.cardId);
    if (hlc === undefined || event.hlc < hlc) earliest.set(event.cardId, event.hlc);
  }
  const since = [...earliest].map(([cardId, hlc]) => ({ cardId, hlc }));
  const positions = await server.services.store.cardPositions(merchantId, since);
  return tooLate(positions, new Set(events.map((event) => event.id)));
}

/** Lateness and joins kept for the pages of every till (issue 13), on a real store. */
describe.each(DATABASES)("facts a compacted page is cut by (%s)", (database) => {
  let server: TestServer;
  let key: string;
  let north: Merchant;
  let south: Merchant;

  beforeAll(async () => {
    ({ server, key, north, south } = await twoShopServer(database));
  });
  afterAll(() => server.close());

  const stampAt = async (till: TestDevice, cardId: string, ms: number) => {
    const stamp = till.stamp(cardId, 1, "staff", ms);
    expect((await till.sync([stamp])).json.accepted).toEqual([stamp.id]);
    return stamp.id;
  };

  it("judges each event too late or not as a read of its page's cards would, from whichever page judges it first", async () => {
    const start = Date.now() + MINUTE;
    const till = await TestDevice.pair(server, north);
    const offline = await TestDevice.pair(server, north);
    const reader = await TestDevice.pair(server, north);
    const [card, other] = [
      (await enroll(server, key, north.programId)).cardId,
      (await enroll(server, key, north.programId)).cardId,
    ];
    for (let i = 0; i < 12; i++) await stampAt(till, card, start + (i + 10) * MINUTE);
    // Stored after twelve that sort after it: too late. The next sorts after the tail: not.
    const tooLateId = await stampAt(offline, card, start);
    await stampAt(offline, card, start + 19 * MINUTE);
    await stampAt(till, other, start + 30 * MINUTE);
    await stampAt(till, card, start + 40 * MINUTE);
    const scope: PullScope = { kind: "location", locationId: north.locationId };
    const { rows } = await server.services.store.eventsAfter(
      north.merchantId,
      reader.deviceId,
      scope,
      0,
      1_000,
    );
    const mine = rows.filter((event) => event.cardId === card || event.cardId === other);
    // Both enrolments and the sixteen stamps.
    expect(mine).toHaveLength(18);

    // Pages from each till's cursor, in two orders: each event judged by the first page that
    // holds it (the late one alone, or with its card's others), as that page's own read would.
    for (const order of [
      [15, 17, 14, 0, 16, 1],
      [15, 17, 0, 14, 16, 1],
    ]) {
      const facts = new CompactFacts();
      let judged = new Set<string>();
      for (const from of order) {
        const page = mine.slice(from);
        const late = await facts.late(server.services.store, north.merchantId, page);
        expect(late).toEqual(await lateNow(server, north.merchantId, page));
        judged = new Set([...judged, ...late]);
      }
      expect(judged).toEqual(new Set([tooLateId]));
    }
  });

  it("reads a location's join again until the card has joined, and keeps it from then on", async () => {
    const { store } = server.services;
    const southTill = await TestDevice.pair(server, south);
    const { cardId } = await enroll(server, key, north.programId);
    const view = { kind: "location", locationId: south.locationId } as const;
    const facts = new CompactFacts();
    expect(await facts.joinedAt(store, north.merchantId, view, [cardId])).toEqual(new Map());
    await stampAt(southTill, cardId, Date.now());
    const joined = await store.joinedAt(north.merchantId, view, [cardId]);
    expect(joined.size).toBe(1);
    expect(await facts.joinedAt(store, north.merchantId, view, [cardId, cardId])).toEqual(joined);
    expect(await facts.joinedAt(store, north.merchantId, view, [cardId])).toEqual(joined);
  });

  it("reads a region's joins every time: a card that left it with its location joins again later, at the same version", async () => {
    const { store } = server.services;
    const east = await newLocation(server, north, `East ${randomUUID()}`);
    const regionId = randomUUID();
    const made = { id: regionId, merchantId: north.merchantId, name: "Delta", createdAt: 1 };
    expect(await store.createRegion(made)).toBe(true);
    for (const shop of [south, east])
      expect(await store.setLocationRegion(north.merchantId, shop.locationId, regionId)).toBe(true);
    const region = await store.getRegion(north.merchantId, regionId);
    const view = { kind: "region", regionId, version: region?.version ?? 0 } as const;
    const { cardId } = await enroll(server, key, north.programId);
    await stampAt(await TestDevice.pair(server, south), cardId, Date.now());

    const facts = new CompactFacts();
    const first = await facts.joinedAt(store, north.merchantId, view, [cardId]);
    expect(first).toEqual(await store.joinedAt(north.merchantId, view, [cardId]));
    expect(first.size).toBe(1);
    // The south shop leaves: the card, used nowhere else in the region, leaves with it.
    expect(await store.setLocationRegion(north.merchantId, south.locationId, null)).toBe(true);
    expect((await store.getRegion(north.merchantId, regionId))?.version).toBe(view.version);
    expect(await facts.joinedAt(store, north.merchantId, view, [cardId])).toEqual(new Map());
    await stampAt(await TestDevice.pair(server, east), cardId, Date.now());
    const again = await store.joinedAt(north.merchantId, view, [cardId]);
    expect(again.get(cardId)).toBeGreaterThan(first.get(cardId) ?? Number.POSITIVE_INFINITY);
    expect(await facts.joinedAt(store, north.merchantId, view, [cardId])).toEqual(again);
  });
});
