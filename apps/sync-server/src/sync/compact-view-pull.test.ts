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

  /** A stamp by the shop's till; `late`: by an offline till of the south shop, sorting first. */
  async function stamp(cardId: string, at: Shop, late = false): Promise<void> {
    const till = late ? tills.offline : tills[at];
    const ms = late ? startMs + clock : startMs + ++clock * APART;
    const answer = await till.sync([till.stamp(cardId, 1, "staff", ms)]);
    expect(answer.json.accepted, JSON.stringify(answer.json.rejected)).toHaveLength(1);
    usedAt.get(cardId)?.add(shops[late ? "south" : at].locationId);
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

  async function compactTill(at: Shop): Promise<CompactTill> {
    const paired = await TestDevice.pair(server, shops[at], "kiosk", COMPACT_CARDS_PROTOCOL);
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
            const till = await compactTill("east");
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
            const till = await compactTill(at);
            await pullThrough(till, limit, before, cards);
            // What the till holds of its location's cards: every one used there by now.
            const home = shops[at].locationId;
            const held = [...usedAt].filter(([, used]) => used.has(home)).map(([id]) => id);

            expect(await store.setLocationRegion(merchantId, west, regionId)).toBe(true);
            inRegion.push(west);
            // The region's cards now that the till's location did not hold.
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
});
