import { compareEvents, foldCard, type StampEvent } from "@stamp/core";
import { seededRandom } from "@stamp/core/testing";
import { describe, expect, it } from "vitest";
import type { Store } from "../store";
import { stampedCard } from "./compact.contract";
import {
  admitAll,
  type ContractContext,
  EventMaker,
  newCard,
  newMerchant,
  newTill,
  type TestMerchant,
} from "./harness";

const RUNS = Number(process.env.STAMP_PROPERTY_RUNS_STORAGE ?? 12);
const MINUTE = 60_000;

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

/**
 * One till's events, made in its own time order (its HLC clock only moves on), over two cards: stamps
 * mostly, with undos of any stamp made so far (by any till, even one not sent yet, or undone
 * already), redemptions, blocks and stamp expiries.
 */
function tillEvent(
  random: Random,
  till: EventMaker,
  cards: readonly string[],
  stamps: string[],
  atMs: number,
): StampEvent {
  const card = pick(random, cards);
  const roll = random();
  if (roll < 0.55 || stamps.length === 0) {
    const stamp = till.stamp(card, 1 + Math.floor(random() * 3), atMs);
    stamps.push(stamp.id);
    return stamp;
  }
  if (roll < 0.72) {
    const targetId = pick(random, stamps);
    return till.make("stamps.revoked", card, { targetId, reason: "mistake" }, atMs);
  }
  if (roll < 0.84) {
    const voucherId = `${card}:${1 + Math.floor(random() * 3)}`;
    return till.make("voucher.redeemed", card, { voucherId, method: "staff" }, atMs);
  }
  if (roll < 0.9) return till.make("card.blocked", card, { reason: "abuse" }, atMs);
  if (roll < 0.95) return till.make("card.unblocked", card, {}, atMs);
  return till.make("stamps.expired", card, { inactiveDays: 1 }, atMs);
}

/**
 * Three tills make events over a few days; each sends its own in order, in batches of 1–4, but the
 * tills' batches interleave at random — a till that was offline sends events that sort before what
 * the others sent meanwhile (late events), now and then a batch twice, to either process.
 */
function arrivals(random: Random, merchant: TestMerchant, cards: readonly string[]) {
  const tills = [0, 1, 2].map(() => new EventMaker(merchant));
  const queues: StampEvent[][] = tills.map(() => []);
  const stamps: string[] = [];
  let atMs = Date.now() + MINUTE;
  const count = 20 + Math.floor(random() * 30);
  for (let i = 0; i < count; i++) {
    // Minutes apart mostly, now and then a day or more: stamps expire for want of a visit.
    atMs += random() < 0.1 ? 1_500 * MINUTE : 1 + Math.floor(random() * 10 * MINUTE);
    const till = Math.floor(random() * tills.length);
    (queues[till] as StampEvent[]).push(
      tillEvent(random, tills[till] as EventMaker, cards, stamps, atMs),
    );
  }
  const batches: StampEvent[][] = [];
  for (;;) {
    const waiting = queues.filter((queue) => queue.length > 0);
    if (waiting.length === 0) return batches;
    const batch = pick(random, waiting).splice(0, 1 + Math.floor(random() * 4));
    batches.push(batch);
    if (random() < 0.1) batches.push(batch);
  }
}

/**
 * A card appended to batch by batch — in-order events folded onto its stored state, late ones and
 * undos replayed — ends as the card folded from scratch from its whole log (stamp-core SPEC C1),
 * vouchers included, in either process.
 */
export function cardReplayContract(ctx: ContractContext): void {
  describe("cards appended to equal cards replayed", () => {
    it("keeps the card's state just before a late stamp as a snapshot, for the next one of its till", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { merchantId } = merchant;
      const till = await newTill(ctx.a.store, merchant);
      // The enrolment and 9 stamps: the contract keeps snapshots at 4 and 8 events.
      const { cardId, from } = await stampedCard(ctx, merchant, till, 9);
      // Between the 6th and the 7th stamp: the snapshot at 8 goes, the one at 4 serves the replay,
      // and the 7 events before the stamp are 3 past it (≥ near, 2) — kept as a snapshot.
      const offline = new EventMaker(merchant, till.deviceId);
      const lands = async (store: Store, event: StampEvent) =>
        expect(
          await store.appendEvents({ merchantId, events: [event], admit: admitAll, now: from }),
        ).toEqual([expect.objectContaining({ id: event.id, status: "accepted" })]);
      const late = offline.stamp(cardId, 1, from + 5 * MINUTE + 30_000);
      await lands(ctx.a.store, late);
      const log = (await ctx.a.store.cardHistory(merchantId, cardId)).map((e) => e.event);
      const before = log.filter((event) => compareEvents(event, late) < 0);
      expect(before).toHaveLength(7);
      // The newest snapshot with at least 4 events after it (11 in all).
      const base = (await ctx.b.store.cardSources(merchantId, [cardId], 4)).get(cardId)?.base;
      expect(base?.eventCount).toBe(7);
      expect(base).toEqual(foldCard(merchant.program, cardId, before));
      // The till's next stamp, still late, replays from there to the card folded whole.
      await lands(ctx.b.store, offline.stamp(cardId, 1, from + 5 * MINUTE + 40_000));
      const whole = await ctx.a.store.cardHistory(merchantId, cardId);
      for (const { store } of [ctx.a, ctx.b])
        expect((await store.getCard(merchantId, cardId))?.state).toEqual(
          foldCard(
            merchant.program,
            cardId,
            whole.map((e) => e.event),
          ),
        );
    });

    it(`holds for random interleavings of three tills with late events and undos (${RUNS} runs)`, async () => {
      for (let run = 0; run < RUNS; run++) {
        const seed = 1_000 + run;
        const random = seededRandom(seed);
        const merchant = await newMerchant(ctx.a.store);
        const cards = [await newCard(ctx.a.store, merchant), await newCard(ctx.a.store, merchant)];
        for (const batch of arrivals(random, merchant, cards)) {
          const store = random() < 0.5 ? ctx.a.store : ctx.b.store;
          await store.appendEvents({
            merchantId: merchant.merchantId,
            events: batch,
            admit: admitAll,
            now: Date.now(),
          });
        }
        for (const card of cards) {
          const log = await ctx.a.store.cardHistory(merchant.merchantId, card);
          const replayed = foldCard(
            merchant.program,
            card,
            log.map((entry) => entry.event),
          );
          for (const { store } of [ctx.a, ctx.b])
            expect(
              (await store.getCard(merchant.merchantId, card))?.state,
              `seed ${seed}, card ${card}`,
            ).toEqual(replayed);
        }
      }
    });
  });
}
