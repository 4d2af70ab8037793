import { randomUUID } from "node:crypto";
import { compactCard, compactState, isInOrder, type StampEvent, tooLate } from "@stamp/core";
import type { CardKey } from "@stamp/wire-protocol";
import { describe, expect, it } from "vitest";
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
async function stampedCard(
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

/** Reads for tills that hold compact cards (stamp-core SPEC CS1–CS4, wire protocol 5). */
export function compactContract(ctx: ContractContext): void {
  describe("compact cards", () => {
    it("reads a card from its newest snapshot on, or whole, and the two fold to the card's state (CS1, CS2)", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const till = await newTill(ctx.a.store, merchant);
      const { cardId } = await stampedCard(ctx, merchant, till, 9);
      const stored = await ctx.b.store.getCard(merchant.merchantId, cardId);
      const head = await ctx.b.store.maxSeq(merchant.merchantId);
      for (const whole of [false, true]) {
        const source = await ctx.b.store.cardSource(merchant.merchantId, cardId, whole ? null : 2);
        if (!source) throw new Error("the card is there");
        expect(source.at).toBe(head);
        // The contract keeps a snapshot every few events: the long card has one.
        expect(source.base === null).toBe(whole);
        const events = source.bodies
          .map((body) => JSON.parse(body) as StampEvent)
          .filter((event) => source.base === null || isInOrder(source.base, event));
        if (whole) expect(events).toHaveLength(10);
        else expect(events.length).toBeLessThan(10);
        const card = compactCard(merchant.program, cardId, source.at, source.base, events, 2);
        if (!card) throw new Error("compacts");
        expect(compactState(merchant.program, card)).toEqual(stored?.state);
      }
      const other = await newMerchant(ctx.a.store);
      expect(await ctx.b.store.cardSource(other.merchantId, cardId, 2)).toBeNull();
      expect(await ctx.b.store.cardSource(merchant.merchantId, randomUUID(), null)).toBeNull();
      // A snapshot with fewer events after it than asked is passed over for an older one.
      const wide = await ctx.b.store.cardSource(merchant.merchantId, cardId, 5);
      const narrow = await ctx.b.store.cardSource(merchant.merchantId, cardId, 1);
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
      const merchant = await newMerchant(ctx.a.store);
      const { merchantId } = merchant;
      const north = { kind: "location", locationId: merchant.locationId } as const;
      const southId = await newLocation(ctx.a.store, merchant);
      const regionId = await newRegion(ctx.a.store, merchant, [southId]);
      const region = { kind: "region", regionId, version: 1 } as const;
      const till = await newTill(ctx.a.store, merchant);
      const southTill = await newTill(ctx.a.store, merchant, southId);
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
  });
}
