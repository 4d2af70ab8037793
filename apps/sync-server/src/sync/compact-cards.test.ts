import { CompactReplica, firstIssue } from "@stamp/core";
import {
  COMPACT_CARDS_PROTOCOL,
  PROTOCOL_HEADER,
  parseCardEventsAnswer,
} from "@stamp/wire-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compactRound } from "../../test/compact-till";
import {
  call,
  enroll,
  KIOSK_PROTOCOL,
  type Merchant,
  newLocation,
  type PulledEvent,
  TestDevice,
  twoShopServer,
} from "../../test/fixtures";
import { DATABASES, type TestServer } from "../../test/test-server";

const MINUTE = 60_000;

/** Compact cards over HTTP (stamp-core SPEC CS1–CS6, wire protocol 5, API.md § Compact cards). */
describe.each(DATABASES)("compact cards (%s)", (database) => {
  let server: TestServer;
  let key: string;
  let north: Merchant;
  let south: Merchant;

  beforeAll(async () => {
    ({ server, key, north, south } = await twoShopServer(database));
  });
  afterAll(() => server.close());

  it("hands a till of protocol 5 a visiting card as snapshot + tail, events late by more than a tail as the card again; older tills get histories", async () => {
    // After the enrolment (dated now), so that only the offline stamp below is late.
    const start = Date.now() + MINUTE;
    const northTill = await TestDevice.pair(server, north);
    const offline = await TestDevice.pair(server, north);
    const southTill = await TestDevice.pair(server, south, "staff", COMPACT_CARDS_PROTOCOL);
    const southNew = await TestDevice.pair(server, south, "kiosk", COMPACT_CARDS_PROTOCOL);
    const southOld = await TestDevice.pair(server, south);
    const program = (await server.services.store.getProgram(north.merchantId, north.programId))
      ?.program;
    const tills = new CompactReplica(() => program);
    for (const till of [southNew, southOld]) await till.pullAll();

    const regular = (await enroll(server, key, north.programId)).cardId;
    const history = Array.from({ length: 12 }, (_, i) =>
      northTill.stamp(regular, 1, "staff", start + i * MINUTE),
    );
    expect((await northTill.sync(history)).json.accepted).toHaveLength(12);

    // Scanned at the south shop: fetched as a snapshot and its newest events (CS2)...
    const fetch = (protocol: number) =>
      call(server, "GET", `/api/v1/sync/cards/${regular}`, {
        token: southTill.token,
        headers: { [PROTOCOL_HEADER]: String(protocol) },
      });
    const compactFetch = parseCardEventsAnswer((await fetch(COMPACT_CARDS_PROTOCOL)).json);
    if (!compactFetch.ok) throw new Error(firstIssue(compactFetch.issues));
    const fetched = compactFetch.value.compact;
    expect(fetched?.snapshot?.eventCount).toBeGreaterThan(0);
    expect(fetched?.tail.length).toBeLessThanOrEqual(8);
    expect(fetched?.at).toBe(await server.services.store.maxSeq(north.merchantId));
    // ...where an older till gets every event.
    expect((await fetch(KIOSK_PROTOCOL)).json.events).toHaveLength(13);

    // Stamped there: the card joins the south shop (SC1).
    const visit = southTill.stamp(regular, 1, "staff", start + 20 * MINUTE);
    expect((await compactRound(southTill, [visit])).accepted).toEqual([visit.id]);

    const joined = await compactRound(southNew);
    expect(joined.cards.map((card) => card.cardId)).toEqual([regular]);
    expect(joined.events.filter((event) => event.cardId === regular)).toEqual([]);
    const card = joined.cards[0];
    expect(card?.snapshot).not.toBeNull();
    expect(card?.tail.map((event) => event.id)).toContain(visit.id);
    for (const seed of joined.cards) tills.seed(seed);
    tills.ingest(joined.events, { kind: "pulled" });
    const old = await southOld.pullAll();
    expect(old.filter((e: PulledEvent) => e.cardId === regular)).toHaveLength(14);

    // An offline north till's stamp from long before the visit arrives late, after more than a
    // tail of the card's events (10 > 8): the south till gets the card again, not the event (CS4).
    const late = offline.stamp(regular, 1, "staff", start + 2 * MINUTE + 1);
    expect((await offline.sync([late])).json.accepted).toEqual([late.id]);
    const again = await compactRound(southNew);
    expect(again.events).toEqual([]);
    expect(again.cards.map((c) => c.cardId)).toEqual([regular]);
    expect(again.cards[0]?.at).toBeGreaterThan(card?.at ?? Number.POSITIVE_INFINITY);
    for (const seed of again.cards) tills.seed(seed);
    // One late by a tail (8) goes out as itself: it sorts after any snapshot that lacks it.
    const lateByTail = offline.stamp(regular, 1, "staff", start + 4 * MINUTE + 1);
    expect((await offline.sync([lateByTail])).json.accepted).toEqual([lateByTail.id]);
    const alone = await compactRound(southNew);
    expect([alone.cards, alone.events.map((event) => event.id)]).toEqual([[], [lateByTail.id]]);
    tills.ingest(alone.events, { kind: "pulled" });
    expect(tills.doubtful(regular)).toBe(false);
    // And an in-order stamp after them as itself.
    const next = southTill.stamp(regular, 2, "staff", start + 40 * MINUTE);
    await compactRound(southTill, [next]);
    const after = await compactRound(southNew);
    expect(after.cards).toEqual([]);
    expect(after.events.map((event) => event.id)).toEqual([next.id]);
    tills.ingest(after.events, { kind: "pulled" });

    // The till folds to what the server holds (CS6); an older till still gets the event itself.
    const stored = await server.services.store.getCard(north.merchantId, regular);
    expect(tills.doubtful(regular)).toBe(false);
    expect(tills.state(regular)).toEqual(stored?.state);
    expect(stored?.state.lifetimeStamps).toBe(17);
    const oldAgain = (await southOld.pullAll()).map((e: PulledEvent) => e.id);
    expect(oldAgain).toEqual([late.id, lateByTail.id, next.id]);
  });

  it("hands a region's tills of protocol 5 a card that joins the region as snapshot + tail, as a location's (SC8, CS4)", async () => {
    const start = Date.now() + MINUTE;
    const { store } = server.services;
    const east = await newLocation(server, north, "East market");
    const regionId = crypto.randomUUID();
    const made = { id: regionId, merchantId: north.merchantId, name: "Riverside", createdAt: 1 };
    expect(await store.createRegion(made)).toBe(true);
    for (const shop of [south, east])
      expect(await store.setLocationRegion(north.merchantId, shop.locationId, regionId)).toBe(true);
    expect(await store.setSyncScope(north.merchantId, east.locationId, "region")).toBe(true);
    const northTill = await TestDevice.pair(server, north);
    const southTill = await TestDevice.pair(server, south, "staff", COMPACT_CARDS_PROTOCOL);
    const regionTill = await TestDevice.pair(server, east, "kiosk", COMPACT_CARDS_PROTOCOL);
    const regionOld = await TestDevice.pair(server, east);
    const program = (await store.getProgram(north.merchantId, north.programId))?.program;
    const tills = new CompactReplica(() => program);
    for (const till of [regionTill, regionOld]) await till.pullAll();
    expect(regionTill.cursor).toMatch(/-r[0-9]+$/);

    const regular = (await enroll(server, key, north.programId)).cardId;
    const history = Array.from({ length: 12 }, (_, i) =>
      northTill.stamp(regular, 1, "staff", start + i * MINUTE),
    );
    expect((await northTill.sync(history)).json.accepted).toHaveLength(12);
    // Used at the north shop only: the region's tills hold its enrolment (a new card), no stamp.
    const enrolment = (await compactRound(regionTill)).events;
    expect(enrolment.map((e) => [e.cardId, e.type])).toEqual([[regular, "card.enrolled"]]);
    tills.ingest(enrolment, { kind: "pulled" });

    // Stamped at the south shop, in the region: its tills get the card, not its history.
    const visit = southTill.stamp(regular, 1, "staff", start + 20 * MINUTE);
    expect((await compactRound(southTill, [visit])).accepted).toEqual([visit.id]);
    const joined = await compactRound(regionTill);
    expect(joined.cards.map((card) => card.cardId)).toEqual([regular]);
    expect(joined.events.filter((event) => event.cardId === regular)).toEqual([]);
    expect(joined.cards[0]?.snapshot).not.toBeNull();
    expect(joined.cards[0]?.tail.map((event) => event.id)).toContain(visit.id);
    for (const seed of joined.cards) tills.seed(seed);
    tills.ingest(joined.events, { kind: "pulled" });
    const old = await regionOld.pullAll();
    expect(old.filter((e: PulledEvent) => e.cardId === regular)).toHaveLength(14);

    // Later stamps in the region come as events, and the till folds to the server's card (CS6).
    const next = southTill.stamp(regular, 2, "staff", start + 40 * MINUTE);
    await compactRound(southTill, [next]);
    const after = await compactRound(regionTill);
    expect([after.cards, after.events.map((event) => event.id)]).toEqual([[], [next.id]]);
    tills.ingest(after.events, { kind: "pulled" });
    const stored = await store.getCard(north.merchantId, regular);
    expect(tills.doubtful(regular)).toBe(false);
    expect(tills.state(regular)).toEqual(stored?.state);
  });
});
