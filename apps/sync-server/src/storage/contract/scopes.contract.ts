import { randomUUID } from "node:crypto";
import type { StampEvent } from "@stamp/core";
import { NEW_CARD_SCOPE_DAYS } from "@stamp/wire-protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { storedText } from "../append/plan-append";
import type { EventPage, PullScope, Store } from "../store";
import {
  append,
  type ContractContext,
  EventMaker,
  newCard,
  newLocation,
  newMerchant,
  newRegion,
  newTill,
  pageBodies,
  type TestMerchant,
  tillCard,
} from "./harness";

/** Past NEW_CARD_SCOPE_DAYS: a card of no location enrolled now is no longer new then. */
const OLD_CARD_MS = (NEW_CARD_SCOPE_DAYS + 1) * 24 * 60 * 60 * 1000;

/** Every page of a scope after `cursor`, as a till pulls them. */
async function pullAll(
  store: Store,
  merchant: TestMerchant,
  till: EventMaker,
  scope: PullScope,
  from: number,
  limit = 1000,
): Promise<{ pages: EventPage[]; cards: Set<string>; cursor: number }> {
  const pages: EventPage[] = [];
  let cursor = from;
  for (;;) {
    const page = await store.eventsAfter(merchant.merchantId, till.deviceId, scope, cursor, limit);
    pageBodies(page); // checks each row's id, card and HLC against its body
    pages.push(page);
    cursor = page.cursor;
    if (!page.more) break;
  }
  const cards = new Set(pages.flatMap((p) => p.rows.map((row) => row.cardId)));
  return { pages, cards, cursor };
}

/** Sync scopes (stamp-core SPEC SC1–SC6): a till pulls the cards of its location and no other. */
export function scopesContract(ctx: ContractContext): void {
  describe("sync scopes", () => {
    it("pulls the cards used at the till's location and cards of no location, never another location's (SC1–SC4)", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const north = merchant.locationId;
      const south = await newLocation(ctx.a.store, merchant);
      const northTill = await newTill(ctx.a.store, merchant, north);
      const northReader = await newTill(ctx.b.store, merchant, north);
      const southTill = await newTill(ctx.b.store, merchant, south);
      const atNorth = { kind: "location", locationId: north } as const;
      const atSouth = { kind: "location", locationId: south } as const;

      const online = await newCard(ctx.a.store, merchant); // joined on a phone: no location yet
      const northCard = await tillCard(ctx.a.store, merchant, northTill);
      const southCard = await tillCard(ctx.b.store, merchant, southTill);
      await append(ctx.a.store, merchant, [northTill.stamp(northCard)]);
      await append(ctx.b.store, merchant, [southTill.stamp(southCard), southTill.stamp(southCard)]);

      const north1 = await pullAll(ctx.b.store, merchant, northReader, atNorth, 0);
      expect([...north1.cards].sort()).toEqual([online, northCard].sort());
      expect(north1.cursor).toBe(await ctx.a.store.maxSeq(merchant.merchantId));
      const south1 = await pullAll(ctx.a.store, merchant, northReader, atSouth, 0);
      expect([...south1.cards].sort()).toEqual([online, southCard].sort());
      const whole = await pullAll(ctx.a.store, merchant, northReader, { kind: "merchant" }, 0);
      expect(whole.cards).toEqual(new Set([online, northCard, southCard]));

      // The first stamp at the south shop places the online card there: its later events show
      // only where it belongs.
      await append(ctx.a.store, merchant, [southTill.stamp(online)]);
      await append(ctx.a.store, merchant, [new EventMaker(merchant).stamp(online)]);
      const north2 = await pullAll(ctx.b.store, merchant, northReader, atNorth, north1.cursor);
      expect(north2.cards).toEqual(new Set());
      expect(north2.cursor).toBe(await ctx.a.store.maxSeq(merchant.merchantId));
      const south2 = await pullAll(ctx.b.store, merchant, northReader, atSouth, south1.cursor);
      expect(south2.cards).toEqual(new Set([online]));
    });

    it("sends a card's whole history to a location where it is used for the first time, pages never splitting it (SC3)", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const south = await newLocation(ctx.a.store, merchant);
      const northTill = await newTill(ctx.a.store, merchant);
      const northReader = await newTill(ctx.a.store, merchant);
      const southTill = await newTill(ctx.b.store, merchant, south);
      const atNorth = { kind: "location", locationId: merchant.locationId } as const;
      const visitor = await tillCard(ctx.a.store, merchant, southTill);
      const history: StampEvent[] = [];
      for (let i = 0; i < 4; i++) history.push(southTill.stamp(visitor, 1, Date.now() + i));
      await append(ctx.b.store, merchant, history);
      const before = await pullAll(ctx.a.store, merchant, northReader, atNorth, 0);
      expect(before.cards.has(visitor)).toBe(false);

      // The customer visits the north shop: its till stamps the card it fetched on demand.
      const visit = northTill.stamp(visitor, 1, Date.now() + 10);
      await append(ctx.a.store, merchant, [visit]);
      const after = await pullAll(ctx.b.store, merchant, northReader, atNorth, before.cursor, 2);
      const all = (await ctx.a.store.cardHistory(merchant.merchantId, visitor)).map((h) =>
        storedText(h.event),
      );
      expect(after.pages.flatMap(pageBodies).sort()).toEqual([...all].sort());
      // One position holds the whole card: the page goes past its limit rather than split it.
      expect(after.pages.map((p) => pageBodies(p).length)).toEqual([6]);
      expect(after.cursor).toBe(await ctx.a.store.maxSeq(merchant.merchantId));

      // The till that stamped it is not sent its own event back.
      const own = await pullAll(ctx.a.store, merchant, northTill, atNorth, before.cursor);
      expect(own.pages.flatMap(pageBodies)).not.toContain(storedText(visit));
      expect(own.pages.flatMap(pageBodies)).toHaveLength(5);
    });

    it("delivers each location and region the events of its cards and of new cards of no location, each once, however pulls interleave with writes and a location joins the region; a region till that falls back to its location pulls on from its cursor and misses nothing (SC1–SC4, SC8, property)", async () => {
      // Each step: who stamps (0: the server, 1–2: north tills, 3: a south till, 4: a west till),
      // which card, on which process, whether it is made once the cards are no longer new, and
      // whether the readers pull afterwards. North and west are in one region from the start;
      // south joins it before the step `southJoins` (never when past the last step). A north
      // till of the region goes back to its location's view before the step `fallsBack`,
      // keeping its cursor (`pullStart`: its region was deleted, or north set to `location`).
      const step = fc.record({
        maker: fc.integer({ min: 0, max: 4 }),
        card: fc.integer({ min: 0, max: 3 }),
        process: fc.constantFrom("a", "b"),
        old: fc.boolean(),
        pull: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(step, { minLength: 1, maxLength: 12 }),
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 0, max: 14 }),
          fc.integer({ min: 0, max: 14 }),
          async (steps, limit, southJoins, fallsBack) => {
            const merchant = await newMerchant(ctx.a.store);
            const north = merchant.locationId;
            const south = await newLocation(ctx.a.store, merchant);
            const west = await newLocation(ctx.a.store, merchant);
            const region = await newRegion(ctx.a.store, merchant, [north, west]);
            const inRegion = new Set([north, west]);
            const makers = [
              new EventMaker(merchant),
              await newTill(ctx.a.store, merchant, north),
              await newTill(ctx.a.store, merchant, north),
              await newTill(ctx.a.store, merchant, south),
              await newTill(ctx.a.store, merchant, west),
            ];
            const locationOf = [null, north, north, south, west];
            // The model: each card's locations, and the events shown to every location (`*`):
            // the cards' enrolments by the server, and what is made while a card has no location
            // and is new.
            const cards: string[] = [];
            const everywhere = new Set<string>();
            for (let i = 0; i < 4; i++) {
              const cardId = await newCard(ctx.a.store, merchant);
              cards.push(cardId);
              for (const { event } of await ctx.a.store.cardHistory(merchant.merchantId, cardId))
                everywhere.add(event.id);
            }
            const members = new Map<string, Set<string>>(cards.map((c) => [c, new Set()]));
            const readers = [
              ...[north, south].map((locationId) => ({
                scope: { kind: "location", locationId } as PullScope,
                places: new Set([locationId]),
              })),
              ...[0, 1].map(() => ({
                scope: { kind: "region", regionId: region, version: 0 } as PullScope,
                places: inRegion,
              })),
            ].map((reader) => ({
              ...reader,
              device: randomUUID(),
              cursor: 0,
              received: [] as string[],
            }));
            const pull = async (reader: (typeof readers)[number]) => {
              for (;;) {
                const page = await ctx.b.store.eventsAfter(
                  merchant.merchantId,
                  reader.device,
                  reader.scope,
                  reader.cursor,
                  limit,
                );
                reader.received.push(...page.rows.map((row) => row.id));
                reader.cursor = page.cursor;
                if (!page.more) return;
              }
            };
            for (const [index, { maker, card, process, old, pull: pulls }] of steps.entries()) {
              if (index === southJoins) {
                expect(
                  await ctx[process].store.setLocationRegion(merchant.merchantId, south, region),
                ).toBe(true);
                inRegion.add(south);
                // The region took a new version: its tills pull it from the start (`pullStart`).
                for (const regionReader of readers)
                  if (regionReader.scope.kind === "region") {
                    regionReader.cursor = 0;
                    regionReader.received = [];
                  }
              }
              if (index === fallsBack) {
                const fellBack = readers[3] as (typeof readers)[number];
                fellBack.scope = { kind: "location", locationId: north };
                fellBack.places = new Set([north]);
              }
              const cardId = cards[card] as string;
              const event = (makers[maker] as EventMaker).stamp(cardId);
              const now = Date.now() + (old ? OLD_CARD_MS : 0);
              const outcome = await append(ctx[process].store, merchant, [event], now);
              expect(outcome[0]?.status).toBe("accepted");
              const cardMembers = members.get(cardId) as Set<string>;
              const location = locationOf[maker];
              if (location) cardMembers.add(location);
              if (cardMembers.size === 0 && !old) everywhere.add(event.id);
              if (pulls) for (const reader of readers) await pull(reader);
            }
            for (const reader of readers) {
              await pull(reader);
              const expected = new Set(everywhere);
              for (const cardId of cards) {
                const history = await ctx.a.store.cardHistory(merchant.merchantId, cardId);
                if ([...(members.get(cardId) ?? [])].some((place) => reader.places.has(place)))
                  for (const { event } of history) expected.add(event.id);
              }
              const received = new Set(reader.received);
              if (reader === readers[3] && fallsBack < steps.length) {
                // It holds the region's cards up to its cursor and its location's after it: every
                // event of its view, none missed (a card of the region joining north later comes
                // again: a merge).
                expect([...expected].filter((id) => !received.has(id))).toEqual([]);
              } else {
                expect(reader.received).toHaveLength(received.size);
                expect(received).toEqual(expected);
              }
              const fresh = { ...reader, device: randomUUID(), cursor: 0, received: [] };
              await pull(fresh);
              expect(new Set(fresh.received)).toEqual(expected);
            }
          },
        ),
        { numRuns: 15 },
      );
    }, 120_000);

    it("keeps an old card no till has used out of every location's scope, and sends its whole history where a till first uses it (SC2, SC3)", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const south = await newLocation(ctx.a.store, merchant);
      const northTill = await newTill(ctx.a.store, merchant);
      const northReader = await newTill(ctx.b.store, merchant);
      const southReader = await newTill(ctx.b.store, merchant, south);
      const atNorth = { kind: "location", locationId: merchant.locationId } as const;
      const atSouth = { kind: "location", locationId: south } as const;
      const backlog = await newCard(ctx.a.store, merchant);
      const north1 = await pullAll(ctx.b.store, merchant, northReader, atNorth, 0);
      expect(north1.cards).toEqual(new Set([backlog]));
      const south1 = await pullAll(ctx.b.store, merchant, southReader, atSouth, 0);

      // A week on, the server stamps it (a receipt): no till holds it any more, none is told.
      const later = Date.now() + OLD_CARD_MS;
      const receipt = new EventMaker(merchant).stamp(backlog);
      await append(ctx.b.store, merchant, [receipt], later);
      const north2 = await pullAll(ctx.a.store, merchant, northReader, atNorth, north1.cursor);
      expect(north2.pages.flatMap(pageBodies)).toEqual([]);
      expect(north2.cursor).toBe(await ctx.a.store.maxSeq(merchant.merchantId));
      const fresh = await pullAll(ctx.a.store, merchant, southReader, atSouth, 0);
      expect(fresh.cards).toEqual(new Set([backlog]));
      expect(fresh.pages.flatMap(pageBodies)).not.toContain(storedText(receipt));

      // The customer comes to the north shop: the card joins it, with the receipt's stamp too.
      await append(ctx.a.store, merchant, [northTill.stamp(backlog)], later);
      const north3 = await pullAll(ctx.b.store, merchant, northReader, atNorth, north2.cursor);
      expect(north3.pages.flatMap(pageBodies)).toContain(storedText(receipt));
      const all = (await ctx.a.store.cardHistory(merchant.merchantId, backlog)).map(
        (h) => h.event.id,
      );
      const fromStart = await pullAll(ctx.a.store, merchant, northReader, atNorth, 0);
      expect(fromStart.pages.flatMap((p) => p.rows.map((row) => row.id)).sort()).toEqual(
        [...all].sort(),
      );
      const south2 = await pullAll(ctx.a.store, merchant, southReader, atSouth, south1.cursor);
      expect(south2.cards).toEqual(new Set());
    });

    it("answers a pull with nothing new in its scope as empty, moving the cursor to the log's end (SC6)", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const south = await newLocation(ctx.a.store, merchant);
      const southTill = await newTill(ctx.a.store, merchant, south);
      const reader = await newTill(ctx.a.store, merchant);
      const atNorth = { kind: "location", locationId: merchant.locationId } as const;
      const start = await pullAll(ctx.a.store, merchant, reader, atNorth, 0);
      const card = await tillCard(ctx.a.store, merchant, southTill);
      for (let i = 0; i < 3; i++) await append(ctx.b.store, merchant, [southTill.stamp(card)]);
      const head = await ctx.a.store.maxSeq(merchant.merchantId);
      expect(
        await ctx.b.store.eventsAfter(
          merchant.merchantId,
          reader.deviceId,
          atNorth,
          start.cursor,
          10,
        ),
      ).toEqual({ rows: [], cursor: head, more: false });
    });

    it("keeps regions per merchant: names once, a location of the merchant's, a new version whenever a location joins (SC8)", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const north = merchant.locationId;
      const south = await newLocation(ctx.a.store, merchant);
      const region = await newRegion(ctx.a.store, merchant, [north]);
      const name = (await ctx.b.store.getRegion(merchant.merchantId, region))?.name as string;
      const again = { id: randomUUID(), merchantId: merchant.merchantId, name, createdAt: 2 };
      expect(await ctx.b.store.createRegion(again)).toBe(false);
      expect(await ctx.b.store.createRegion({ ...again, merchantId: other.merchantId })).toBe(true);
      expect(await ctx.a.store.getRegion(other.merchantId, region)).toBeNull();
      // Another merchant's region or location, or one that does not exist: nothing written.
      expect(await ctx.b.store.setLocationRegion(merchant.merchantId, south, again.id)).toBe(false);
      expect(await ctx.b.store.setLocationRegion(other.merchantId, south, null)).toBe(false);
      expect(await ctx.b.store.setLocationRegion(merchant.merchantId, randomUUID(), region)).toBe(
        false,
      );
      const before = (await ctx.a.store.getRegion(merchant.merchantId, region))?.version;
      expect(await ctx.b.store.setLocationRegion(merchant.merchantId, north, region)).toBe(true);
      expect((await ctx.a.store.getRegion(merchant.merchantId, region))?.version).toBe(before);
      expect(await ctx.b.store.setLocationRegion(merchant.merchantId, south, region)).toBe(true);
      const after = (await ctx.a.store.getRegion(merchant.merchantId, region))?.version as number;
      expect(after).toBeGreaterThan(before as number);
      const versions = (await ctx.a.store.listRegions(merchant.merchantId)).map((r) => r.version);
      expect(new Set(versions).size).toBe(versions.length);
      expect((await ctx.a.store.getLocation(merchant.merchantId, south))?.regionId).toBe(region);
      expect(await ctx.b.store.setLocationRegion(merchant.merchantId, south, null)).toBe(true);
      expect((await ctx.a.store.getLocation(merchant.merchantId, south))?.regionId).toBeNull();
    });

    it("lists a region's locations at each version: all in it when it took the version, but those that left since, a deleted region's kept; a location comes back with its cards (SC8 joins)", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { merchantId } = merchant;
      const north = merchant.locationId;
      const [south, east] = [
        await newLocation(ctx.a.store, merchant),
        await newLocation(ctx.a.store, merchant),
      ];
      const region = await newRegion(ctx.a.store, merchant, [north]);
      const version = async () =>
        (await ctx.a.store.getRegion(merchantId, region))?.version as number;
      const listed = async (store: typeof ctx.a.store, at: number) =>
        (await store.regionMembers(merchantId, at)).sort();
      const first = await version();
      expect(await listed(ctx.b.store, first)).toEqual([north]);
      expect(await ctx.b.store.setLocationRegion(merchantId, south, region)).toBe(true);
      expect(await ctx.b.store.setLocationRegion(merchantId, east, region)).toBe(true);
      const third = await version();
      expect(await listed(ctx.b.store, third)).toEqual([north, south, east].sort());
      // A card used at the south shop while in the region, to come back with it.
      const southTill = await newTill(ctx.a.store, merchant, south);
      await append(ctx.a.store, merchant, [southTill.stamp(await newCard(ctx.a.store, merchant))]);
      // Leaving: the current version's list only (a till of an older one held it then).
      expect(await ctx.b.store.setLocationRegion(merchantId, south, null)).toBe(true);
      expect(await version()).toBe(third);
      expect(await listed(ctx.b.store, third)).toEqual([north, east].sort());
      expect(await listed(ctx.b.store, first)).toEqual([north]);
      // Back again: a new version, listing it.
      expect(await ctx.b.store.setLocationRegion(merchantId, south, region)).toBe(true);
      const back = await version();
      expect(back).toBeGreaterThan(third);
      expect(await listed(ctx.b.store, back)).toEqual([north, south, east].sort());
      // Moved to another region: it leaves this one's list, and is on the other's.
      const other = await newRegion(ctx.b.store, merchant, [east]);
      const otherVersion = (await ctx.a.store.getRegion(merchantId, other))?.version as number;
      expect(await listed(ctx.b.store, back)).toEqual([north, south].sort());
      expect(await listed(ctx.b.store, otherVersion)).toEqual([east]);
      // Deleted: its lists stay, for tills offline across it.
      expect(await ctx.b.store.deleteRegion(merchantId, region)).not.toBeNull();
      expect(await listed(ctx.a.store, back)).toEqual([north, south].sort());
      expect(await listed(ctx.a.store, otherVersion + 1000)).toEqual([]);
      expect(
        await ctx.a.store.regionMembers((await newMerchant(ctx.a.store)).merchantId, back),
      ).toEqual([]);
    });

    it("never hands out a deleted region's version again: a till's cursor of it matches no later region", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { merchantId } = merchant;
      const gone = await newRegion(ctx.a.store, merchant, [merchant.locationId]);
      const goneVersion = (await ctx.a.store.getRegion(merchantId, gone))?.version as number;
      expect(await ctx.b.store.deleteRegion(merchantId, gone)).not.toBeNull();
      const next = await newRegion(ctx.b.store, merchant, []);
      expect((await ctx.a.store.getRegion(merchantId, next))?.version).toBeGreaterThan(goneVersion);
      expect(await ctx.a.store.setLocationRegion(merchantId, merchant.locationId, next)).toBe(true);
      const moved = (await ctx.a.store.getRegion(merchantId, next))?.version as number;
      expect(moved).toBeGreaterThan(goneVersion);
    });

    it("renames a region and deletes one: its locations go to no region, tills that kept its cards keep their location's (SC8)", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const { merchantId } = merchant;
      const north = merchant.locationId;
      const south = await newLocation(ctx.a.store, merchant);
      const region = await newRegion(ctx.a.store, merchant, [north, south]);
      const kept = await newRegion(ctx.a.store, merchant, []);
      const keptName = (await ctx.a.store.getRegion(merchantId, kept))?.name as string;
      expect(await ctx.b.store.renameRegion(merchantId, region, "Coast")).toBe("renamed");
      expect(await ctx.b.store.renameRegion(merchantId, region, "Coast")).toBe("renamed");
      expect((await ctx.a.store.getRegion(merchantId, region))?.name).toBe("Coast");
      expect(await ctx.b.store.renameRegion(merchantId, region, keptName)).toBe("taken");
      expect(await ctx.b.store.renameRegion(other.merchantId, region, "Mine")).toBe("missing");
      expect((await ctx.a.store.getRegion(merchantId, region))?.name).toBe("Coast");

      expect(await ctx.a.store.setSyncScope(merchantId, north, "region")).toBe(true);
      const northTill = await newTill(ctx.a.store, merchant, north);
      const reader = await newTill(ctx.b.store, merchant, north);
      const card = await tillCard(ctx.a.store, merchant, northTill);
      const version = (await ctx.a.store.getRegion(merchantId, region))?.version as number;
      const atRegion = { kind: "region", regionId: region, version } as const;
      expect((await pullAll(ctx.b.store, merchant, reader, atRegion, 0)).cards).toEqual(
        new Set([card]),
      );

      expect(await ctx.b.store.deleteRegion(other.merchantId, region)).toBeNull();
      const deleted = await ctx.b.store.deleteRegion(merchantId, region);
      expect(deleted?.name).toBe("Coast");
      expect([...(deleted?.locationIds ?? [])].sort()).toEqual([north, south].sort());
      expect(deleted?.fellBack).toEqual([north]);
      expect(await ctx.a.store.getRegion(merchantId, region)).toBeNull();
      expect(await ctx.b.store.deleteRegion(merchantId, region)).toBeNull();
      expect(await ctx.a.store.renameRegion(merchantId, region, "Again")).toBe("missing");
      const northNow = await ctx.a.store.getLocation(merchantId, north);
      expect([northNow?.regionId, northNow?.syncScope]).toEqual([null, "location"]);
      const southNow = await ctx.a.store.getLocation(merchantId, south);
      expect([southNow?.regionId, southNow?.syncScope]).toEqual([null, "location"]);
      expect((await ctx.a.store.listRegions(merchantId)).map((r) => r.id)).toEqual([kept]);
      // The region's view is gone; the location's still has the card.
      await append(ctx.a.store, merchant, [northTill.stamp(card)]);
      expect((await pullAll(ctx.b.store, merchant, reader, atRegion, 0)).pages[0]?.rows).toEqual(
        [],
      );
      const atNorth = { kind: "location", locationId: north } as const;
      expect((await pullAll(ctx.b.store, merchant, reader, atNorth, 0)).cards).toEqual(
        new Set([card]),
      );
      // The name is free again.
      expect(await ctx.a.store.renameRegion(merchantId, kept, "Coast")).toBe("renamed");
    });

    it("moves a location to another region: its cards reach the new region's tills, the old region's get no more of their events, but of those also used there (SC8)", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { merchantId } = merchant;
      const a1 = merchant.locationId;
      const a2 = await newLocation(ctx.a.store, merchant);
      const b1 = await newLocation(ctx.a.store, merchant);
      const first = await newRegion(ctx.a.store, merchant, [a1, a2]);
      const second = await newRegion(ctx.a.store, merchant, [b1]);
      const tillA1 = await newTill(ctx.a.store, merchant, a1);
      const tillA2 = await newTill(ctx.a.store, merchant, a2);
      const tillB1 = await newTill(ctx.a.store, merchant, b1);
      const reader = await newTill(ctx.b.store, merchant, b1);
      const local = await tillCard(ctx.a.store, merchant, tillA2); // used at a2 only
      const shared = await tillCard(ctx.a.store, merchant, tillA2); // used at a2 and a1
      await append(ctx.a.store, merchant, [tillA1.stamp(shared)]);
      const regionOf = async (regionId: string) => {
        const version = (await ctx.a.store.getRegion(merchantId, regionId))?.version as number;
        return { kind: "region", regionId, version } as const;
      };
      const inFirst = await pullAll(ctx.b.store, merchant, reader, await regionOf(first), 0);
      expect(inFirst.cards).toEqual(new Set([local, shared]));

      expect(await ctx.b.store.setLocationRegion(merchantId, a2, second)).toBe(true);
      // The new region's tills start over (new version) and get both cards' whole histories.
      const inSecond = await pullAll(ctx.b.store, merchant, reader, await regionOf(second), 0);
      expect(inSecond.cards).toEqual(new Set([local, shared]));
      const history = async (cardId: string) =>
        (await ctx.a.store.cardHistory(merchantId, cardId)).map((h) => storedText(h.event));
      const bodies = inSecond.pages.flatMap(pageBodies);
      for (const body of [...(await history(local)), ...(await history(shared))])
        expect(bodies).toContain(body);

      // New events: the card used only at a2 no longer shows in the first region; the one also
      // used at a1 still does; both show in the second.
      const sharedStamp = tillA2.stamp(shared);
      const stamps = [tillA2.stamp(local), sharedStamp, tillB1.stamp(local)];
      await append(ctx.a.store, merchant, stamps);
      const firstLater = await pullAll(
        ctx.b.store,
        merchant,
        reader,
        await regionOf(first),
        inFirst.cursor,
      );
      expect(firstLater.pages.flatMap(pageBodies)).toEqual([storedText(sharedStamp)]);
      const secondLater = await pullAll(
        ctx.b.store,
        merchant,
        reader,
        await regionOf(second),
        inSecond.cursor,
      );
      expect(secondLater.pages.flatMap(pageBodies).sort()).toEqual(stamps.map(storedText).sort());
    });
  });
}
