import { randomUUID } from "node:crypto";
import { compactCard, compactState, isInOrder, type StampEvent, tooLate } from "@stamp/core";
import type { CardKey } from "@stamp/wire-protocol";
import { describe, expect, it } from "vitest";
import type { NewCardKey, ViewCardsOf } from "../compact-store";
import {
  append,
  type ContractContext,
  EventMaker,
  newCard,
  newLocation,
  newMerchant,
  newRegion,
  newTill,
  type TestMerchant,
} from "./harness";

/**
 * A card of `events` stamps a minute apart from `from`, made by `till`. `from` is a minute after
 * the real time the card was made: its enrolment is stamped with the real time, and stamps before
 * it would be late (a fixed date here made the test fail once the day passed it).
 */
export async function stampedCard(
  ctx: ContractContext,
  merchant: TestMerchant,
  till: EventMaker,
  stamps: number,
) {
  const cardId = await newCard(ctx.a.store, merchant);
  const from = Date.now() + 60_000;
  const events: StampEvent[] = [];
  // One batch each, as tills send them: the store keeps a snapshot every few events.
  for (let i = 0; i < stamps; i++) {
    events.push(till.stamp(cardId, 1, from + i * 60_000));
    await append(ctx.a.store, merchant, events.slice(-1));
  }
  return { cardId, events, from };
}

/**
 * A merchant with two shops: its first location (north) and a second (south) alone in a region,
 * with a till at each.
 */
async function northAndSouth(ctx: ContractContext) {
  const merchant = await newMerchant(ctx.a.store);
  const north = { kind: "location", locationId: merchant.locationId } as const;
  const southId = await newLocation(ctx.a.store, merchant);
  const regionId = await newRegion(ctx.a.store, merchant, [southId]);
  const region = { kind: "region", regionId, version: 1 } as const;
  const northTill = await newTill(ctx.a.store, merchant);
  const southTill = await newTill(ctx.a.store, merchant, southId);
  const { merchantId } = merchant;
  return { merchant, merchantId, north, southId, region, northTill, southTill };
}

/** Reads for tills that hold compact cards (stamp-core SPEC CS1–CS4, wire protocol 5). */
export function compactContract(ctx: ContractContext): void {
  describe("compact cards", () => {
    it("reads cards together from their newest snapshot on, or whole, and each folds to the card's state (CS1, CS2)", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { merchantId } = merchant;
      const till = await newTill(ctx.a.store, merchant);
      const long = (await stampedCard(ctx, merchant, till, 9)).cardId;
      const short = (await stampedCard(ctx, merchant, till, 1)).cardId;
      const head = await ctx.b.store.maxSeq(merchantId);
      for (const whole of [false, true]) {
        const asked = [long, randomUUID(), short, long];
        const sources = await ctx.b.store.cardSources(merchantId, asked, whole ? null : 2);
        expect(new Set(sources.keys())).toEqual(new Set([long, short]));
        for (const cardId of [long, short]) {
          const source = sources.get(cardId);
          if (!source) throw new Error("the card is there");
          expect(source.at).toBe(head);
          const events = source.bodies
            .map((body) => JSON.parse(body) as StampEvent)
            .filter((event) => source.base === null || isInOrder(source.base, event));
          const card = compactCard(merchant.program, cardId, source.at, source.base, events, 2);
          if (!card) throw new Error("compacts");
          const stored = await ctx.b.store.getCard(merchantId, cardId);
          expect(compactState(merchant.program, card)).toEqual(stored?.state);
        }
        // The contract keeps a snapshot every few events: the long card has one, read unless whole.
        const source = sources.get(long);
        expect(source?.base === null).toBe(whole);
        if (whole) expect(source?.bodies).toHaveLength(10);
        else expect(source?.bodies.length).toBeLessThan(10);
      }
      const other = await newMerchant(ctx.a.store);
      expect(await ctx.b.store.cardSources(other.merchantId, [long, short], 2)).toEqual(new Map());
      expect(await ctx.b.store.cardSources(merchantId, [], null)).toEqual(new Map());
      // A snapshot with fewer events after it than asked is passed over for an older one.
      const wide = (await ctx.b.store.cardSources(merchantId, [long], 5)).get(long);
      const narrow = (await ctx.b.store.cardSources(merchantId, [long], 1)).get(long);
      expect(wide?.base?.eventCount).toBeLessThan(narrow?.base?.eventCount ?? 0);
    });

    it("reads cards' events from an HLC on with their log positions: what tells late events (CS4)", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const till = await newTill(ctx.a.store, merchant);
      const { cardId, events, from } = await stampedCard(ctx, merchant, till, 3);
      const other = await stampedCard(ctx, merchant, till, 1);
      const offline = new EventMaker(merchant, till.deviceId);
      const late = offline.stamp(cardId, 1, from + 30_000);
      const after = offline.stamp(cardId, 1, from + 3_600_000);
      await append(ctx.a.store, merchant, [late]);
      await append(ctx.a.store, merchant, [after]);
      const { merchantId } = merchant;
      const [first, second] = events as [StampEvent, StampEvent];
      const read = await ctx.b.store.cardPositions(merchantId, [
        { cardId, hlc: second.hlc },
        { cardId: other.cardId, hlc: other.events[0]?.hlc as string },
      ]);
      const byId = new Map(read.map((row) => [row.id, row]));
      expect(new Set(byId.keys())).toEqual(
        new Set([...events.slice(1), after, ...other.events].map((event) => event.id)),
      );
      expect(byId.get(second.id)).toMatchObject({ cardId, hlc: second.hlc });
      // Positions in the order the events were stored.
      const seq = (id: string) => byId.get(id)?.seq as number;
      expect(seq(events[2]?.id as string)).toBeLessThan(seq(other.events[0]?.id as string));
      expect(seq(other.events[0]?.id as string)).toBeLessThan(seq(after.id));
      // The stamp two of its card's stamps stored before it sort after is late by two.
      const withLate = await ctx.b.store.cardPositions(merchantId, [{ cardId, hlc: first.hlc }]);
      expect(tooLate(withLate, new Set([late.id, after.id]), 1)).toEqual(new Set([late.id]));
      expect(tooLate(withLate, new Set([late.id, after.id]), 2)).toEqual(new Set());
      const stranger = await newMerchant(ctx.a.store);
      expect(await ctx.b.store.cardPositions(stranger.merchantId, [{ cardId, hlc: "" }])).toEqual(
        [],
      );
      expect(await ctx.b.store.cardPositions(merchantId, [])).toEqual([]);
    });

    it("says where cards joined a location's or a region's view (SC1, SC8)", async () => {
      const {
        merchant,
        merchantId,
        north,
        region,
        northTill: till,
        southTill,
      } = await northAndSouth(ctx);
      const used = await newCard(ctx.a.store, merchant);
      const unused = await newCard(ctx.a.store, merchant);
      await append(ctx.a.store, merchant, [till.stamp(used)]);
      const position = await ctx.a.store.maxSeq(merchantId);
      const joined = await ctx.b.store.joinedAt(merchantId, north, [used, unused, used]);
      expect(joined).toEqual(new Map([[used, position]]));
      expect(await ctx.b.store.joinedAt(merchantId, region, [used])).toEqual(new Map());
      const unknown = { kind: "location", locationId: randomUUID() } as const;
      expect(await ctx.b.store.joinedAt(merchantId, unknown, [used])).toEqual(new Map());

      // Used at the region's location: the card joins the region there.
      await append(ctx.a.store, merchant, [southTill.stamp(used)]);
      const visit = await ctx.a.store.maxSeq(merchantId);
      expect(await ctx.b.store.joinedAt(merchantId, region, [used, unused])).toEqual(
        new Map([[used, visit]]),
      );
      const other = await newMerchant(ctx.a.store);
      expect(await ctx.b.store.joinedAt(other.merchantId, region, [used])).toEqual(new Map());
    });

    it("pages through the merchant's cards in (program, card) order, none of another merchant (first pull)", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const cardIds: string[] = [];
      for (let i = 0; i < 5; i++) cardIds.push(await newCard(ctx.a.store, merchant));
      const other = await newMerchant(ctx.a.store);
      await newCard(ctx.a.store, other);
      const read: string[] = [];
      let after: CardKey | null = null;
      for (;;) {
        const page = await ctx.b.store.merchantCards(merchant.merchantId, after, 2);
        expect(page.length).toBeLessThanOrEqual(2);
        for (const key of page) expect(key.programId).toBe(merchant.program.id);
        read.push(...page.map((key) => key.cardId));
        if (page.length < 2) break;
        after = page[page.length - 1] ?? null;
      }
      // Each once (the order is the database's collation's, the same in both of its reads).
      expect(read).toHaveLength(cardIds.length);
      expect(new Set(read)).toEqual(new Set(cardIds));
      expect(await ctx.b.store.merchantCards(randomUUID(), null, 10)).toEqual([]);
    });

    it("pages through a location's or region's cards in card order, without those a location held at a position (first pull, join)", async () => {
      const { merchant, merchantId, north, southId, region, northTill, southTill } =
        await northAndSouth(ctx);
      const [both, northOnly, southOnly] = [
        await newCard(ctx.a.store, merchant),
        await newCard(ctx.a.store, merchant),
        await newCard(ctx.a.store, merchant),
      ] as const;
      await newCard(ctx.a.store, merchant);
      await append(ctx.a.store, merchant, [northTill.stamp(both), northTill.stamp(northOnly)]);
      const before = await ctx.a.store.maxSeq(merchantId);
      await append(ctx.a.store, merchant, [southTill.stamp(both), southTill.stamp(southOnly)]);
      await append(ctx.a.store, merchant, [northTill.stamp(southOnly)]);
      const other = await newMerchant(ctx.a.store);
      await append(ctx.a.store, other, [(await newTill(ctx.a.store, other)).stamp(both)]);

      const head = await ctx.a.store.maxSeq(merchantId);
      const all = { kind: "joined", position: head } as const;
      async function pages(view: typeof north | typeof region, of: ViewCardsOf) {
        const read: string[] = [];
        for (let after: string | null = null; ; ) {
          const page = await ctx.b.store.viewCards(merchantId, view, after, 2, of);
          read.push(...page);
          if (page.length < 2) return read;
          after = page[page.length - 1] ?? null;
        }
      }
      // Each once (the order is the database's collation's, the same in both of its reads).
      const northCards = await pages(north, all);
      expect(northCards).toHaveLength(3);
      expect(new Set(northCards)).toEqual(new Set([both, northOnly, southOnly]));
      const regionCards = await pages(region, all);
      expect(regionCards).toHaveLength(2);
      expect(new Set(regionCards)).toEqual(new Set([both, southOnly]));
      // Held by the north till at `before`: the cards used there by then.
      // Joined by `before`: the north cards used there by then, none of the region's.
      const joined = { kind: "joined", position: before } as const;
      expect(new Set(await pages(north, joined))).toEqual(new Set([both, northOnly]));
      expect(await pages(region, joined)).toEqual([]);
      // Held by the north till at `before`: the cards used there by then.
      const { locationId } = merchant;
      const heldBy = (locationIds: string[], position: number) =>
        ({ kind: "not-held", locationIds, position }) as const;
      expect(await pages(region, heldBy([locationId], before))).toEqual([southOnly]);
      const earlier = heldBy([locationId], before - 2);
      expect(new Set(await pages(region, earlier))).toEqual(new Set([both, southOnly]));
      // Held by a till of a region's locations (SC8 joins): the cards used at any of them by then.
      expect(await pages(region, heldBy([locationId, southId], head))).toEqual([]);
      expect(await pages(region, heldBy([southId, locationId], before))).toEqual([southOnly]);
      expect(new Set(await pages(region, heldBy([], head)))).toEqual(new Set([both, southOnly]));
      expect(await ctx.b.store.viewCards(other.merchantId, region, null, 10, all)).toEqual([]);
      const unknown = { kind: "location", locationId: randomUUID() } as const;
      expect(await ctx.b.store.viewCards(merchantId, unknown, null, 10, all)).toEqual([]);
    });

    it("pages through the new cards of no location at a position by enrolment, then id (first pull, SC2)", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { merchantId } = merchant;
      const till = await newTill(ctx.a.store, merchant);
      const cards: string[] = [];
      for (let i = 0; i < 5; i++) cards.push(await newCard(ctx.a.store, merchant));
      const placed = await ctx.a.store.maxSeq(merchantId);
      await append(ctx.a.store, merchant, [till.stamp(cards[0] as string)]);
      const head = await ctx.a.store.maxSeq(merchantId);
      await newCard(ctx.a.store, await newMerchant(ctx.a.store));

      async function pages(since: number, at: number) {
        const read: NewCardKey[] = [];
        for (let after: NewCardKey | null = null; ; ) {
          const page = await ctx.b.store.newCardsOfNoLocation(merchantId, since, at, after, 2);
          read.push(...page);
          if (page.length < 2) return read;
          after = page[page.length - 1] ?? null;
        }
      }
      const now = await pages(0, head);
      expect(new Set(now.map((card) => card.cardId))).toEqual(new Set(cards.slice(1)));
      for (const [i, card] of now.entries()) {
        const next = now[i + 1];
        // Ids of one enrolment time come in the database's collation's order.
        if (next) expect(card.createdAt).toBeLessThanOrEqual(next.createdAt);
        const stored = await ctx.b.store.getCard(merchantId, card.cardId);
        expect(card.createdAt).toBe(stored?.createdAt);
      }
      // At a position before its first use, the used card was of no location yet.
      expect(new Set((await pages(0, placed)).map((card) => card.cardId))).toEqual(new Set(cards));
      const newest = Math.max(...now.map((card) => card.createdAt));
      expect(await pages(newest, head)).toEqual([]);
    });
  });
}
