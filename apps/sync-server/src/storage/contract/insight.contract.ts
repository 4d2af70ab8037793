import { randomUUID } from "node:crypto";
import { grantedVoucherIdFor, hlcMillis, type StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { dashboardByFold } from "../../../test/dashboard-fold";
import { admitEvent } from "../../sync/admission";
import type { ExportedEvent } from "../export-store";
import type { DashboardQuery } from "../insight-store";
import type { Store } from "../store";
import {
  type ContractContext,
  cardRecord,
  EventMaker,
  newMerchant,
  newTill,
  respondJson,
  type TestMerchant,
} from "./harness";

const DAY = 86_400_000;
const HOUR = 3_600_000;
export const START = Date.UTC(2026, 5, 28, 6);

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor((state / 2 ** 31) * n);
  };
}

export async function everyEvent(store: Store, merchantId: string): Promise<ExportedEvent[]> {
  const all: ExportedEvent[] = [];
  for (;;) {
    const page = await store.exportEvents(
      merchantId,
      { from: 0, to: Number.MAX_SAFE_INTEGER },
      all.at(-1)?.seq ?? 0,
      500,
    );
    all.push(...page);
    if (page.length < 500) return all;
  }
}

/**
 * Four months of a small merchant: customers joining at two tills and online, stamps on every
 * channel, undone stamps (one twice), rewards earned and redeemed, appended batch by batch at the
 * time they happened.
 */
export async function busyMerchant(
  store: Store,
): Promise<{ merchant: TestMerchant; second: string }> {
  const merchant = await newMerchant(store);
  const second = randomUUID();
  await store.createLocation({
    id: second,
    merchantId: merchant.merchantId,
    name: "Second shop",
    staffPin: { salt: "c2FsdA", iterations: 1, hash: "aGFzaA" },
    createdAt: START,
    syncScope: "location",
  });
  const tills: EventMaker[] = [
    await newTill(store, merchant),
    await newTill(store, merchant, second),
  ];
  const server = new EventMaker(merchant);
  const makers = [...tills, server];
  const pick = random(14);
  const cards: { id: string; stamps: StampEvent[]; redeemed: number }[] = [];
  const append = (events: StampEvent[], now: number) =>
    store.appendEvents({ merchantId: merchant.merchantId, events, admit: admitEvent, now });

  for (let step = 0; step < 160; step++) {
    const at = START + step * 17 * HOUR + pick(50) * 60_000;
    const maker = makers[pick(3)] as EventMaker;
    if (cards.length < 4 || pick(4) === 0) {
      const id = randomUUID();
      const enrolled = maker.make("card.enrolled", id, { source: "api" }, at);
      await store.createCard(
        cardRecord(merchant, id, at),
        { merchantId: merchant.merchantId, events: [enrolled], admit: admitEvent, now: at },
        respondJson,
      );
      cards.push({ id, stamps: [], redeemed: 0 });
    }
    const card = cards[pick(cards.length)] as (typeof cards)[number];
    const channel = maker === server ? (["api", "receipt", "pos"] as const)[pick(3)] : "staff";
    const stamp = maker.make("stamps.added", card.id, { count: 1 + pick(4), channel }, at + 1);
    const batch = [stamp];
    card.stamps.push(stamp);
    const undo = pick(8) === 0 ? card.stamps.at(-2) : undefined;
    if (undo) {
      const revoke = { targetId: undo.id, reason: "Wrong card" };
      batch.push(maker.make("stamps.revoked", card.id, revoke, at + 2));
      // Undone again from another till: a conflict, counted once.
      if (pick(2) === 0) batch.push(server.make("stamps.revoked", card.id, revoke, at + 3));
    }
    const outcomes = await append(batch, at + 4);
    expect(
      outcomes.every((o) => o.status === "accepted"),
      JSON.stringify(outcomes),
    ).toBe(true);
    const state = outcomes.at(-1)?.status === "accepted" ? outcomes.at(-1) : null;
    const issued =
      state && "state" in state ? state.state.vouchers.filter((v) => v.status === "issued") : [];
    if (issued[0] && pick(2) === 0) {
      const redeem = { voucherId: issued[0].id, method: "staff" };
      const redeemed = await append(
        [maker.make("voucher.redeemed", card.id, redeem, at + 5 * HOUR)],
        at + 5 * HOUR,
      );
      expect(redeemed[0]?.status, JSON.stringify(redeemed)).toBe("accepted");
    }
    // Now and then the server grants a treat (SPEC G1), some of them redeemed at a till.
    if (pick(10) === 0) {
      const voucherId = grantedVoucherIdFor(card.id, `birthday-${step}`);
      const granted = await append(
        [
          server.make(
            "voucher.granted",
            card.id,
            { voucherId, title: "Birthday treat", reason: "birthday" },
            at + 6 * HOUR,
          ),
          ...(pick(2) === 0
            ? [
                maker.make(
                  "voucher.redeemed",
                  card.id,
                  { voucherId, method: "staff" },
                  at + 7 * HOUR,
                ),
              ]
            : []),
        ],
        at + 7 * HOUR,
      );
      expect(
        granted.every((o) => o.status === "accepted"),
        JSON.stringify(granted),
      ).toBe(true);
    }
  }
  return { merchant, second };
}

/** The dashboard's figures are those a fold of the merchant's events gives, whatever the filter. */
export function insightContract(ctx: ContractContext): void {
  describe("insight", () => {
    it("reads the dashboard's figures from its rollup as a fold of the events gives them", async () => {
      const { merchant, second } = await busyMerchant(ctx.a.store);
      const other = await busyMerchant(ctx.a.store);
      const logged = await everyEvent(ctx.b.store, merchant.merchantId);
      const now = START + 140 * DAY;
      const queries: DashboardQuery[] = [
        { from: 0, to: START + 200 * DAY, locationIds: null, now },
        {
          from: START - 6 * HOUR + 20 * DAY,
          to: START - 6 * HOUR + 75 * DAY,
          locationIds: null,
          now,
        },
        { from: 0, to: START + 200 * DAY, locationIds: [merchant.locationId], now },
        { from: START - 6 * HOUR + 30 * DAY, to: START + 200 * DAY, locationIds: [second], now },
        { from: 0, to: START + 200 * DAY, locationIds: [""], now },
        // A manager tied to two locations; one tied to none (nothing to see).
        { from: 0, to: START + 200 * DAY, locationIds: [merchant.locationId, second], now },
        { from: 0, to: START + 200 * DAY, locationIds: [], now },
      ];
      for (const query of queries) {
        const read = await ctx.b.store.dashboardFacts(merchant.merchantId, query);
        expect(read, JSON.stringify(query)).toEqual(
          dashboardByFold(logged, merchant.program, query),
        );
      }
      const all = await ctx.b.store.dashboardFacts(
        merchant.merchantId,
        queries[0] as DashboardQuery,
      );
      // Something of everything was counted, and nothing of the other merchant.
      expect(all.channels.map((c) => c.key).sort()).toEqual(["api", "pos", "receipt", "staff"]);
      expect(all.locations.map((l) => l.key).sort()).toEqual(
        ["", merchant.locationId, second].sort(),
      );
      expect(all.days.some((d) => d.redeemed > 0)).toBe(true);
      expect(all.cohorts.length).toBeGreaterThan(2);
      expect(all.locations.map((l) => l.key)).not.toContain(other.merchant.locationId);
    });

    it("keeps the rewards a fold gives when late stamps move a cycle and a new goal refolds every card", async () => {
      const { merchant, second } = await busyMerchant(ctx.a.store);
      const cardIds = [
        ...new Set((await everyEvent(ctx.b.store, merchant.merchantId)).map((r) => r.event.cardId)),
      ];
      // Late stamps from a till of the second shop, long before the cards' other stamps: the
      // stamps that completed their cycles are others now, of other days and places.
      const till = await newTill(ctx.a.store, merchant, second);
      for (const [i, cardId] of cardIds.slice(0, 6).entries()) {
        const late = [till.make("stamps.added", cardId, { count: 3, channel: "staff" }, START + i)];
        const outcomes = await ctx.a.store.appendEvents({
          merchantId: merchant.merchantId,
          events: late,
          admit: admitEvent,
          now: START + 150 * DAY,
        });
        expect(outcomes[0]?.status, JSON.stringify(outcomes)).toBe("accepted");
      }
      const now = START + 160 * DAY;
      const views: DashboardQuery[] = [
        { from: 0, to: START + 200 * DAY, locationIds: null, now },
        { from: 0, to: START + 200 * DAY, locationIds: [second], now },
        { from: 0, to: START + 200 * DAY, locationIds: [merchant.locationId], now },
        {
          from: START - 6 * HOUR + 20 * DAY,
          to: START - 6 * HOUR + 60 * DAY,
          locationIds: [""],
          now,
        },
      ];
      const compare = async (program: typeof merchant.program) => {
        const logged = await everyEvent(ctx.b.store, merchant.merchantId);
        for (const query of views)
          expect(
            await ctx.b.store.dashboardFacts(merchant.merchantId, query),
            JSON.stringify(query),
          ).toEqual(dashboardByFold(logged, program, query));
      };
      await compare(merchant.program);
      const lower = { ...merchant.program, goal: 3, version: 2 };
      expect(await ctx.a.store.updateProgram(lower, 1, now)).toBe(true);
      await compare(lower);
      const higher = { ...lower, goal: 12, version: 3 };
      expect(await ctx.a.store.updateProgram(higher, 2, now)).toBe(true);
      await compare(higher);
    });

    it("counts the last day's tiles from the rollup: the events made since that hour, stamps that stand", async () => {
      const { merchant } = await busyMerchant(ctx.a.store);
      const logged = await everyEvent(ctx.b.store, merchant.merchantId);
      const revoked = new Set(
        logged.flatMap(({ event }) => (event.type === "stamps.revoked" ? [event.targetId] : [])),
      );
      for (const since of [START + 30 * DAY + 25 * 60_000, START + 90 * DAY + HOUR, 0]) {
        const hourStart = Math.floor(since / HOUR) * HOUR;
        const recent = logged.filter(({ event }) => hlcMillis(event.hlc) >= hourStart);
        const stamps = recent.reduce(
          (sum, { event }) =>
            event.type === "stamps.added" && !revoked.has(event.id) ? sum + event.count : sum,
          0,
        );
        const stats = await ctx.b.store.merchantStats(merchant.merchantId, since);
        expect({ events: stats.eventsSince, stamps: stats.stampsSince }).toEqual({
          events: recent.length,
          stamps,
        });
      }
    });
  });
}
