import { randomUUID } from "node:crypto";
import { foldCard, type PlacedStamp, type StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { admitEvent } from "../../sync/admission";
import { storedText } from "../append/plan-append";
import type { Admit, PullScope } from "../store";
import {
  append,
  type ContractContext,
  EventMaker,
  newCard,
  newMerchant,
  newTill,
  pageBodies,
  type TestMerchant,
} from "./harness";

const WHOLE_MERCHANT: PullScope = { kind: "merchant" };

/** The log: inserts that are idempotent, card states in step, pages that skip nothing. */
export function eventLogContract(ctx: ContractContext): void {
  describe("event log", () => {
    let merchant: TestMerchant;
    let till: EventMaker;
    const setUp = async () => {
      merchant = await newMerchant(ctx.a.store);
      till = new EventMaker(merchant);
    };

    it("accepts an event once and answers a resend as a duplicate", async () => {
      await setUp();
      const card = await newCard(ctx.a.store, merchant);
      const stamp = till.stamp(card);
      expect(await append(ctx.a.store, merchant, [stamp])).toMatchObject([
        { id: stamp.id, status: "accepted", state: { stamps: 1 } },
      ]);
      expect(await append(ctx.b.store, merchant, [stamp])).toEqual([
        { id: stamp.id, status: "duplicate" },
      ]);
      // The same event twice in one batch is stored once.
      const again = till.stamp(card);
      const outcomes = await append(ctx.a.store, merchant, [again, again]);
      expect(outcomes.map((o) => o.status)).toEqual(["accepted", "duplicate"]);
      expect((await ctx.a.store.getCard(merchant.merchantId, card))?.state.stamps).toBe(2);
    });

    it("answers a resend with its fields in another order as a duplicate", async () => {
      await setUp();
      const card = await newCard(ctx.a.store, merchant);
      const stamp = till.stamp(card);
      await append(ctx.a.store, merchant, [stamp]);
      const reordered = Object.fromEntries(Object.entries(stamp).reverse()) as StampEvent;
      expect(storedText(reordered)).not.toBe(storedText(stamp));
      expect(await append(ctx.b.store, merchant, [reordered])).toEqual([
        { id: stamp.id, status: "duplicate" },
      ]);
      expect((await ctx.a.store.getCard(merchant.merchantId, card))?.state.stamps).toBe(1);
    });

    it("refuses another event under a stored id, of any merchant, and stores nothing of it", async () => {
      await setUp();
      const card = await newCard(ctx.a.store, merchant);
      const stamp = till.stamp(card);
      await append(ctx.a.store, merchant, [stamp]);
      const forged = { ...till.stamp(card, 3), id: stamp.id };
      expect(await append(ctx.a.store, merchant, [forged])).toMatchObject([
        { id: stamp.id, status: "rejected", rejection: { code: "id-conflict" } },
      ]);
      const other = await newMerchant(ctx.a.store, "Other");
      const otherCard = await newCard(ctx.a.store, other);
      const stolen = { ...new EventMaker(other).stamp(otherCard), id: stamp.id };
      expect(await append(ctx.a.store, other, [stolen])).toMatchObject([
        { status: "rejected", rejection: { code: "id-conflict" } },
      ]);
      expect((await ctx.a.store.getCard(merchant.merchantId, card))?.state.stamps).toBe(1);
      expect((await ctx.a.store.getCard(other.merchantId, otherCard))?.state.stamps).toBe(0);
    });

    it("stores nothing of an event the rules refuse, and the rest of the batch still lands", async () => {
      await setUp();
      const card = await newCard(ctx.a.store, merchant);
      const unknown = till.stamp(randomUUID());
      const good = till.stamp(card);
      const outcomes = await append(ctx.a.store, merchant, [unknown, good]);
      expect(outcomes).toMatchObject([
        { status: "rejected", rejection: { code: "unknown-card" } },
        { status: "accepted" },
      ]);
      const history = await ctx.a.store.cardHistory(merchant.merchantId, card);
      expect(history.map((h) => h.event.type)).toEqual(["card.enrolled", "stamps.added"]);
    });

    it("writes nothing for a merchant that was never made, not even a scope entry (no foreign key guards scope_log)", async () => {
      await setUp();
      const card = await newCard(ctx.a.store, merchant);
      const ghost = { ...merchant, merchantId: randomUUID() };
      // Refused whole: one adapter fails the batch, the other answers every event rejected.
      const refused = await append(ctx.a.store, ghost, [till.stamp(card)]).then(
        (outcomes) => outcomes.every((o) => o.status === "rejected"),
        () => true,
      );
      expect(refused).toBe(true);
      expect(await ctx.a.store.maxSeq(ghost.merchantId)).toBe(0);
      const atShop: PullScope = { kind: "location", locationId: merchant.locationId };
      expect(await ctx.b.store.eventsAfter(ghost.merchantId, till.deviceId, atShop, 0, 10)).toEqual(
        { rows: [], cursor: 0, more: false },
      );
      const history = await ctx.a.store.cardHistory(merchant.merchantId, card);
      expect(history.map((h) => h.event.type)).toEqual(["card.enrolled"]);
    });

    it("refolds a card when an event arrives late, so its state is the fold of its whole log", async () => {
      await setUp();
      const card = await newCard(ctx.a.store, merchant);
      const offline = new EventMaker(merchant, merchant.serverDevice.id);
      const t = Date.now();
      const early = offline.stamp(card, 1, t + 10);
      const later = till.stamp(card, 2, t + 20);
      await append(ctx.a.store, merchant, [later]);
      const revoke = till.make(
        "stamps.revoked",
        card,
        { targetId: later.id, reason: "mistake" },
        t + 30,
      );
      await append(ctx.b.store, merchant, [early, revoke]);
      const stored = await ctx.a.store.getCard(merchant.merchantId, card);
      const events = (await ctx.a.store.cardHistory(merchant.merchantId, card)).map((h) => h.event);
      expect(stored?.state).toEqual(foldCard(merchant.program, card, events));
      expect(stored?.state.stamps).toBe(1);
    });

    it("pages a merchant's cards in id order with their states, and no other merchant's", async () => {
      await setUp();
      const cards = [
        await newCard(ctx.a.store, merchant),
        await newCard(ctx.a.store, merchant),
        await newCard(ctx.a.store, merchant),
      ].sort();
      await append(ctx.a.store, merchant, [till.stamp(cards[1] as string, 2)]);
      const other = await newMerchant(ctx.a.store, "Other");
      await newCard(ctx.a.store, other);
      const first = await ctx.b.store.listCards(merchant.merchantId, null, 2);
      expect(first.map((c) => c.id)).toEqual(cards.slice(0, 2));
      expect(first[1]?.state.stamps).toBe(2);
      const rest = await ctx.b.store.listCards(merchant.merchantId, first[1]?.id ?? null, 2);
      expect(rest.map((c) => c.id)).toEqual(cards.slice(2));
    });

    it("keeps the event as it was validated and hands it back in sequence order", async () => {
      await setUp();
      const card = await newCard(ctx.a.store, merchant);
      const stamps = [till.stamp(card), till.stamp(card, 2)];
      await append(ctx.a.store, merchant, stamps);
      const history = await ctx.a.store.cardHistory(merchant.merchantId, card);
      expect(history.map((h) => h.event)).toEqual([
        expect.objectContaining({ type: "card.enrolled" }),
        ...stamps,
      ]);
      expect(history[1]?.seq).toBeLessThan(history[2]?.seq ?? 0);
      const other = await newMerchant(ctx.a.store, "Other");
      expect(await ctx.a.store.cardHistory(other.merchantId, card)).toEqual([]);
    });

    it("pages a merchant's events after a cursor, skipping the asking device's own and other merchants'", async () => {
      await setUp();
      const other = await newMerchant(ctx.a.store, "Other");
      const otherCard = await newCard(ctx.a.store, other);
      const card = await newCard(ctx.a.store, merchant);
      const tillA = new EventMaker(merchant, randomUUID());
      const events: StampEvent[] = [];
      for (let i = 0; i < 5; i++) events.push(till.stamp(card));
      await append(ctx.a.store, merchant, events);
      await append(ctx.a.store, other, [new EventMaker(other).stamp(otherCard)]);
      const enrolment = (await ctx.a.store.cardHistory(merchant.merchantId, card))[0]
        ?.event as StampEvent;

      const pages: string[][] = [];
      let cursor = 0;
      for (;;) {
        const page = await ctx.b.store.eventsAfter(
          merchant.merchantId,
          tillA.deviceId,
          WHOLE_MERCHANT,
          cursor,
          2,
        );
        pages.push(pageBodies(page));
        expect(page.cursor).toBeGreaterThan(cursor);
        cursor = page.cursor;
        if (!page.more) break;
      }
      expect(pages.flat()).toEqual([enrolment, ...events].map(storedText));
      expect(pages.map((p) => p.length)).toEqual([2, 2, 2]);
      expect(cursor).toBe(await ctx.a.store.maxSeq(merchant.merchantId));

      // Nothing new: an empty page that stays where it is.
      expect(
        await ctx.a.store.eventsAfter(
          merchant.merchantId,
          tillA.deviceId,
          WHOLE_MERCHANT,
          cursor,
          2,
        ),
      ).toEqual({
        rows: [],
        cursor,
        more: false,
      });
      // The server device sent every one of them: it is handed none, and moves past them all.
      const own = await ctx.a.store.eventsAfter(
        merchant.merchantId,
        till.deviceId,
        WHOLE_MERCHANT,
        0,
        100,
      );
      expect(own).toEqual({ rows: [], cursor, more: false });
    });

    it("lands every event exactly once when two processes append to the same cards at once", async () => {
      await setUp();
      const cards = await Promise.all([1, 2, 3].map(() => newCard(ctx.a.store, merchant)));
      const tills = [await newTill(ctx.a.store, merchant), await newTill(ctx.b.store, merchant)];
      const batches = Array.from({ length: 20 }, (_, b) => {
        const maker = tills[b % 2] as EventMaker;
        return cards.map((card) => maker.stamp(card));
      });
      const outcomes = await Promise.all(
        batches.flatMap((batch, b) => [
          append((b % 2 === 0 ? ctx.a : ctx.b).store, merchant, batch),
          // A resend of the same batch, racing its first copy.
          append((b % 2 === 0 ? ctx.b : ctx.a).store, merchant, batch),
        ]),
      );
      const statuses = outcomes.flat().map((o) => o.status);
      expect(statuses.filter((s) => s === "accepted")).toHaveLength(60);
      expect(statuses.filter((s) => s === "duplicate")).toHaveLength(60);
      for (const card of cards) {
        const stored = await ctx.a.store.getCard(merchant.merchantId, card);
        const history = await ctx.b.store.cardHistory(merchant.merchantId, card);
        expect(history).toHaveLength(21);
        expect(stored?.state).toEqual(
          foldCard(
            merchant.program,
            card,
            history.map((h) => h.event),
          ),
        );
      }
      const page = await ctx.a.store.eventsAfter(
        merchant.merchantId,
        randomUUID(),
        WHOLE_MERCHANT,
        0,
        1000,
      );
      expect(new Set(pageBodies(page)).size).toBe(63);
    });

    it("answers the newest HLC it holds", async () => {
      await setUp();
      const card = await newCard(ctx.a.store, merchant);
      const ahead = till.stamp(card, 1, Date.now() + 5_000);
      await append(ctx.a.store, merchant, [ahead]);
      expect(await ctx.b.store.latestHlc()).toBe(ahead.hlc);
    });

    it("keeps where each stamp was placed and shows admission the card's stamps placed near it (SPEC R8)", async () => {
      await setUp();
      const card = await newCard(ctx.a.store, merchant);
      const other = await newCard(ctx.a.store, merchant);
      const t = Date.now();
      const first = till.stamp(card, 2, t);
      const second = till.stamp(card, 3, t + 1);
      const elsewhere = till.stamp(other, 1, t + 2);
      const placedAt = (event: StampEvent) =>
        event.id === first.id ? 1_000_000 : event.id === second.id ? 2_000_000 : 3_000_000;
      // By event: an adapter may ask admission about an event more than once (see Admit).
      const seen = new Map<string, PlacedStamp[]>();
      const admit: Admit = (input) => {
        seen.set(input.event.id, [...input.placedStamps(0, 10_000_000)]);
        return admitEvent(input);
      };
      const batch = { merchantId: merchant.merchantId, admit, now: t, placedAt };
      await ctx.a.store.appendEvents({ ...batch, events: [first] });
      // The second sees the stored first; within one batch, the earlier events of the batch too.
      const later = till.stamp(card, 1, t + 3);
      await ctx.b.store.appendEvents({ ...batch, events: [second, elsewhere, later] });
      expect([first, second, elsewhere, later].map((e) => seen.get(e.id))).toEqual([
        [],
        [{ ms: 1_000_000, count: 2, channel: "staff" }],
        [],
        [
          { ms: 1_000_000, count: 2, channel: "staff" },
          { ms: 2_000_000, count: 3, channel: "staff" },
        ],
      ]);
      // Only those placed strictly inside the range asked for.
      const range = new Map<string, PlacedStamp[]>();
      await ctx.a.store.appendEvents({
        merchantId: merchant.merchantId,
        events: [till.stamp(card, 1, t + 4)],
        now: t,
        admit: (input) => {
          range.set(input.event.id, [...input.placedStamps(1_000_000, 3_000_001)]);
          return null;
        },
      });
      expect([...range.values()]).toEqual([
        [
          { ms: 2_000_000, count: 3, channel: "staff" },
          { ms: 3_000_000, count: 1, channel: "staff" },
        ],
      ]);
    });

    it("counts in the merchant's stats only the stamps that were not undone", async () => {
      await setUp();
      const card = await newCard(ctx.a.store, merchant);
      const kept = till.stamp(card, 2);
      const undone = till.stamp(card, 3);
      await append(ctx.a.store, merchant, [kept, undone]);
      const revoke = till.make("stamps.revoked", card, {
        targetId: undone.id,
        reason: "Wrong card",
      });
      await append(ctx.a.store, merchant, [revoke]);
      const stats = await ctx.b.store.merchantStats(merchant.merchantId, 0);
      expect(stats.stampsSince).toBe(2);
      expect(stats.eventsSince).toBe(4);
    });
  });
}
