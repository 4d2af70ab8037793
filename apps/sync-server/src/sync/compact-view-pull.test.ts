import { randomUUID } from "node:crypto";
import type { Program } from "@stamp/core";
import { COMPACT_CARDS_PROTOCOL } from "@stamp/wire-protocol";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CompactTill } from "../../test/compact-till";
import { enroll, type Merchant, newLocation, TestDevice, twoShopServer } from "../../test/fixtures";
import { DATABASES, type TestServer } from "../../test/test-server";
import type { DeviceRecord } from "../storage/store";

const MINUTE = 60_000;
/** Between one till's stamps: many runs of many stamps stay within the clock drift allowed. */
const APART = 10_000;
/** `west`: in no region, until it joins one (a new west shop for each run of the join property). */
const SHOPS = ["north", "south", "east", "west"] as const;
type Shop = (typeof SHOPS)[number];

/**
 * Pulls of compact cards in a location's or region's view over HTTP and page by page (stamp-core
 * SPEC CS7, SC2, SC8): the east market's tills, in its own view or in the region it shares with
 * the south shop; the north shop is outside both; a west shop joins the region.
 */
describe.each(DATABASES)("pulls of a view's compact cards (%s)", (database) => {
  let server: TestServer;
  let key: string;
  let program: Program;
  let shops: Record<Shop, Merchant>;
  let tills: Record<Shop | "offline", TestDevice>;
  let regionId: string;
  /** The region's locations: the south shop's, the east market's, and the west shops that joined. */
  const inRegion: string[] = [];
  /** The locations where each card was used by a till (none: of no location, new in this test). */
  const usedAt = new Map<string, Set<string>>();
  const startMs = Date.now() + MINUTE;
  let clock = 0;

  beforeAll(async () => {
    const made = await twoShopServer(database);
    ({ server, key } = made);
    const east = await newLocation(server, made.north, "East market");
    const west = await newLocation(server, made.north, "West quay");
    shops = { north: made.north, south: made.south, east, west };
    const { store } = server.services;
    program = (await store.getProgram(east.merchantId, east.programId))?.program as Program;
    regionId = randomUUID();
    const region = { id: regionId, merchantId: east.merchantId, name: "Riverside" };
    expect(await store.createRegion({ ...region, createdAt: Date.now() })).toBe(true);
    for (const shop of [made.south, east])
      expect(await store.setLocationRegion(east.merchantId, shop.locationId, regionId)).toBe(true);
    inRegion.push(made.south.locationId, east.locationId);
    tills = {
      north: await TestDevice.pair(server, made.north),
      south: await TestDevice.pair(server, made.south),
      east: await TestDevice.pair(server, east),
      west: await TestDevice.pair(server, west),
      offline: await TestDevice.pair(server, made.south),
    };
  });
  afterAll(() => server.close());

  async function newCard(): Promise<string> {
    const cardId = (await enroll(server, key, shops.east.programId)).cardId;
    usedAt.set(cardId, new Set());
    return cardId;
  }

  /** A stamp by `till` of the location `locationId`, at the next till time (or `ms`). */
  async function stampBy(
    cardId: string,
    till: TestDevice,
    locationId: string,
    ms = startMs + ++clock * APART,
  ): Promise<void> {
    const answer = await till.sync([till.stamp(cardId, 1, "staff", ms)]);
    expect(answer.json.accepted, JSON.stringify(answer.json.rejected)).toHaveLength(1);
    usedAt.get(cardId)?.add(locationId);
  }

  /** A stamp by the shop's till; `late`: by an offline till of the south shop, sorting first. */
  async function stamp(cardId: string, at: Shop, late = false): Promise<void> {
    if (late) return stampBy(cardId, tills.offline, shops.south.locationId, startMs + clock);
    return stampBy(cardId, tills[at], shops[at].locationId);
  }

  /** The cards `where` holds now (SC2, SC8): used at its locations, or of no location (all new). */
  function cardsOf(where: (locationId: string) => boolean): string[] {
    return [...usedAt]
      .filter(([, at]) => at.size === 0 || [...at].some(where))
      .map(([cardId]) => cardId);
  }

  async function expectConverged(till: CompactTill, view: readonly string[]) {
    const { store } = server.services;
    for (const cardId of cardsOf((locationId) => view.includes(locationId))) {
      expect(till.replica.doubtful(cardId)).toBe(false);
      const stored = await store.getCard(shops.east.merchantId, cardId);
      expect(till.replica.state(cardId)).toEqual(stored?.state);
    }
  }

  async function compactTill(shop: Merchant): Promise<CompactTill> {
    const paired = await TestDevice.pair(server, shop, "kiosk", COMPACT_CARDS_PROTOCOL);
    const { store } = server.services;
    const device = (await store.getDevice(paired.deviceId)) as DeviceRecord;
    return new CompactTill(server.services, device, program);
  }

  const step = fc.record({
    kind: fc.constantFrom("stamp", "late", "enrol"),
    at: fc.constantFrom(...SHOPS),
    card: fc.nat(),
  });

  type StepOf = typeof step extends fc.Arbitrary<infer T> ? T : never;

  /** Pulls to the end, one of `steps` after each page; the cards sent in pulls of cards, by kind. */
  async function pullThrough(
    till: CompactTill,
    limit: number,
    steps: readonly StepOf[],
    cards: string[],
  ): Promise<{ readonly first: string[]; readonly joined: string[] }> {
    const pending = [...steps];
    const sent = { first: [] as string[], joined: [] as string[] };
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(500);
      const page = await till.page(limit);
      if (page.pull) sent[page.pull.kind === "join" ? "joined" : "first"].push(...page.cards);
      const next = pending.shift();
      if (next) {
        const cardId = cards[next.card % cards.length] as string;
        if (next.kind === "enrol") cards.push(await newCard());
        else await stamp(cardId, next.at, next.kind === "late");
      } else if (!page.more) return sent;
    }
  }

  /** Some cards used at each shop (more at some) and one of no location. */
  async function seedCards(): Promise<string[]> {
    const cards: string[] = [];
    for (const [i, at] of [...SHOPS, null].entries()) {
      const cardId = await newCard();
      cards.push(cardId);
      for (let n = 0; at && n < 1 + (i % 3) * 5; n++) await stamp(cardId, at);
    }
    return cards;
  }

  it.each([
    ["location", () => [shops.east.locationId]],
    ["region", () => inRegion],
  ] as const)(
    "a first pull in a %s scope converges exactly to the view's cards, page by page, while cards are stamped, stamped late, enrolled and move between shops (CS6, CS7, property)",
    async (scope, view) => {
      const { store } = server.services;
      const east = shops.east;
      expect(await store.setLocationRegion(east.merchantId, east.locationId, regionId)).toBe(true);
      expect(await store.setSyncScope(east.merchantId, east.locationId, scope)).toBe(true);
      await fc.assert(
        fc.asyncProperty(
          fc.array(step, { maxLength: 12 }),
          fc.integer({ min: 1, max: 3 }),
          async (steps, limit) => {
            const cards = await seedCards();
            // Cards of the north shop alone before the pull: never the view's to send.
            const north = shops.north.locationId;
            const outside = [...usedAt]
              .filter(([, at]) => at.size === 1 && at.has(north))
              .map(([cardId]) => cardId);
            const till = await compactTill(shops.east);
            const sent = (await pullThrough(till, limit, steps, cards)).first;
            await expectConverged(till, view());
            for (const cardId of outside)
              if (usedAt.get(cardId)?.size === 1)
                expect(till.replica.state(cardId)).toBeUndefined();
            // Every card of the view came in the pull of cards, each once.
            expect(sent).toHaveLength(new Set(sent).size);
          },
        ),
        { numRuns: 6 },
      );
    },
    240_000,
  );

  it.each([
    ["whose location joins a region", "west"],
    ["whose region gains a location", "east"],
  ] as const)(
    "a till %s gets the region's cards its location did not hold, none it held, then events, and converges (SC8, CS7, property)",
    async (_, at) => {
      const { store } = server.services;
      const { merchantId } = shops.east;
      expect(await store.setSyncScope(merchantId, shops.east.locationId, "region")).toBe(true);
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(step, { maxLength: 6 }),
          fc.array(step, { maxLength: 6 }),
          fc.integer({ min: 1, max: 3 }),
          async (before, during, limit) => {
            // A new west shop, to replicate its region once it has one.
            shops.west = await newLocation(server, shops.north, `West ${++runs}`);
            tills.west = await TestDevice.pair(server, shops.west);
            const west = shops.west.locationId;
            expect(await store.setSyncScope(merchantId, west, "region")).toBe(true);
            const cards = await seedCards();
            const till = await compactTill(shops[at]);
            await pullThrough(till, limit, before, cards);
            // What the till holds: the cards of its view, used at its location (or region) by now.
            const view = at === "east" ? inRegion : [shops[at].locationId];
            const held = cardsOf((locationId) => view.includes(locationId)).filter(
              (cardId) => usedAt.get(cardId)?.size,
            );
            for (const cardId of held) expect(till.replica.state(cardId)).toBeDefined();

            expect(await store.setLocationRegion(merchantId, west, regionId)).toBe(true);
            inRegion.push(west);
            // The region's cards now that the till did not hold.
            const lacked = cardsOf((locationId) => inRegion.includes(locationId)).filter(
              (cardId) => usedAt.get(cardId)?.size && !held.includes(cardId),
            );
            const sent = await pullThrough(till, limit, during, cards);
            expect(sent.first).toEqual([]);
            expect(sent.joined.filter((cardId) => held.includes(cardId))).toEqual([]);
            expect(sent.joined).toEqual(expect.arrayContaining(lacked));
            expect(sent.joined).toHaveLength(new Set(sent.joined).size);
            await expectConverged(till, inRegion);
          },
        ),
        { numRuns: 5 },
      );
    },
    240_000,
  );

  /** While a till is offline: a change to its region (SC8), or a stamp at one of its other shops. */
  const change = fc.record({
    kind: fc.constantFrom("add", "remove", "stamp", "delete", "recreate"),
    at: fc.nat(),
    card: fc.nat(),
  });

  it("a till offline across changes to its region (locations added, removed and added again, the region deleted and made anew) gets only the cards it lacks, none its cursor says it held, then events, and converges (SC8, CS7, property)", async () => {
    const { store } = server.services;
    const { merchantId } = shops.east;
    let runs = 0;
    async function newRegionWith(locationIds: readonly string[]): Promise<string> {
      const id = randomUUID();
      const made = { id, merchantId, name: `Region ${id}`, createdAt: Date.now() };
      expect(await store.createRegion(made)).toBe(true);
      for (const locationId of locationIds)
        expect(await store.setLocationRegion(merchantId, locationId, id)).toBe(true);
      return id;
    }
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 4 }),
        fc.array(change, { minLength: 1, maxLength: 6 }),
        fc.array(step, { maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        async (before, changes, during, limit) => {
          // The till's shop and three others, new each run; its region holds it and the first other.
          const made: { readonly shop: Merchant; readonly till: TestDevice }[] = [];
          for (const name of ["Home", "Pier", "Mill", "Dock"]) {
            const shop = await newLocation(server, shops.north, `${name} ${++runs}`);
            made.push({ shop, till: await TestDevice.pair(server, shop) });
          }
          const [home, ...others] = made.map((place) => place.shop.locationId) as [
            string,
            ...string[],
          ];
          const members = new Set([home, others[0] as string]);
          let region: string | null = await newRegionWith([...members]);
          expect(await store.setSyncScope(merchantId, home, "region")).toBe(true);
          const cards = await seedCards();
          for (const [i, place] of made.entries()) {
            const cardId = await newCard();
            cards.push(cardId);
            for (let n = 0; n <= i; n++) await stampBy(cardId, place.till, place.shop.locationId);
          }
          const till = await compactTill((made[0] as (typeof made)[0]).shop);
          await pullThrough(till, limit, before, cards);
          // What the till holds: the cards of its region's view (every one used there by now).
          const usedThen = new Map([...usedAt].map(([cardId, at]) => [cardId, new Set(at)]));
          const inView = (cardId: string, at: ReadonlySet<string>) =>
            [...(usedThen.get(cardId) ?? [])].some((locationId) => at.has(locationId));
          const held = cards.filter((cardId) => inView(cardId, members));
          for (const cardId of held) expect(till.replica.state(cardId)).toBeDefined();
          // Those its cursor says it held: used at the locations its region's version listed, but
          // those that left before the region next changed (`regionMembers`).
          const listed = new Set(members);
          let changed = false;
          for (const { kind, at, card } of changes) {
            const other = others[at % others.length] as string;
            if (kind === "stamp") {
              const place = made.find((p) => p.shop.locationId === other) as (typeof made)[0];
              await stampBy(cards[card % cards.length] as string, place.till, other);
            } else if (kind === "add" && region && !members.has(other)) {
              expect(await store.setLocationRegion(merchantId, other, region)).toBe(true);
              members.add(other);
              changed = true;
            } else if (kind === "remove" && region && members.has(other)) {
              expect(await store.setLocationRegion(merchantId, other, null)).toBe(true);
              members.delete(other);
              if (!changed) listed.delete(other);
            } else if (kind === "delete" && region) {
              expect(await store.deleteRegion(merchantId, region)).not.toBeNull();
              [region, changed] = [null, true];
              for (const locationId of members) if (locationId !== home) members.delete(locationId);
            } else if (kind === "recreate" && !region) {
              region = await newRegionWith([home]);
              expect(await store.setSyncScope(merchantId, home, "region")).toBe(true);
            }
          }
          const saidHeld = held.filter((cardId) => inView(cardId, listed));
          // The cards of the view now that the till lacked (used there since come with events).
          const lacked = cards.filter(
            (cardId) => inView(cardId, members) && !held.includes(cardId),
          );
          const sent = await pullThrough(till, limit, during, cards);
          expect(sent.first).toEqual([]);
          expect(sent.joined.filter((cardId) => saidHeld.includes(cardId))).toEqual([]);
          expect(sent.joined).toEqual(expect.arrayContaining(lacked));
          expect(sent.joined).toHaveLength(new Set(sent.joined).size);
          await expectConverged(till, [...members]);
        },
      ),
      {
        numRuns: 6,
        // The region gains a location (its other shop's cards are held: not sent again); two; one
        // leaves and comes back; the region is deleted and made anew; several of these.
        examples: [
          [{ kind: "add", at: 1, card: 0 }],
          [
            { kind: "add", at: 1, card: 0 },
            { kind: "add", at: 2, card: 0 },
          ],
          [
            { kind: "remove", at: 0, card: 0 },
            { kind: "stamp", at: 0, card: 5 },
            { kind: "add", at: 0, card: 0 },
          ],
          [
            { kind: "delete", at: 0, card: 0 },
            { kind: "recreate", at: 0, card: 0 },
            { kind: "add", at: 0, card: 0 },
            { kind: "add", at: 2, card: 0 },
          ],
          [
            { kind: "add", at: 1, card: 0 },
            { kind: "remove", at: 0, card: 0 },
            { kind: "stamp", at: 1, card: 6 },
            { kind: "add", at: 0, card: 0 },
            { kind: "delete", at: 0, card: 0 },
            { kind: "recreate", at: 0, card: 0 },
            { kind: "add", at: 1, card: 0 },
          ],
        ].map((changes): [StepOf[], typeof changes, StepOf[], number] => [[], changes, [], 2]),
      },
    );
  }, 240_000);
});
