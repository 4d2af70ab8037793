import type { StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { dashboardByFold } from "../../../test/dashboard-fold";
import { rollupClears } from "../../insight/rollup-clears";
import { admitEvent } from "../../sync/admission";
import type { DashboardQuery } from "../insight-store";
import type { RollupStep } from "../rollup-rebuild-store";
import type { Store } from "../store";
import { type ContractContext, newTill } from "./harness";
import { busyMerchant, everyEvent, START } from "./insight.contract";

const DAY = 86_400_000;
const LEASE = 30_000;
/** Events a step counts here (REBUILD_EVENTS_PAGE in the server): a rebuild of many steps. */
const PAGE = 40;

/** What a migration that adds a rollup table leaves: the merchant's counts gone, it pending. */
const forget = (merchantId: string) => [
  ...rollupClears(`'${merchantId}'`),
  `INSERT INTO insight_pending (merchant_id) VALUES ('${merchantId}')`,
];

const whole = (now: number): DashboardQuery => ({
  from: 0,
  to: START + 400 * DAY,
  locationIds: null,
  now,
});

async function expectFold(store: Store, merchant: Awaited<ReturnType<typeof busyMerchant>>) {
  const { merchantId, locationId } = merchant.merchant;
  const logged = await everyEvent(store, merchantId);
  const now = START + 200 * DAY;
  for (const query of [
    whole(now),
    { ...whole(now), locationIds: [locationId] },
    { ...whole(now), locationIds: [merchant.second] },
    { ...whole(now), locationIds: [""] },
  ])
    expect(await store.dashboardFacts(merchantId, query), JSON.stringify(query)).toEqual(
      dashboardByFold(logged, merchant.merchant.program, query),
    );
}

/**
 * The rollup rebuilt after an upgrade (RollupRebuildStore), on two processes: one instance at a
 * time, step by step while the merchant's appends go on, each event counted once.
 */
export function rollupRebuildContract(ctx: ContractContext): void {
  describe("rollup rebuild", () => {
    it("rebuilds a merchant step by step while it appends, to the figures a fold gives", async () => {
      const busy = await busyMerchant(ctx.a.store);
      const other = await busyMerchant(ctx.a.store);
      const { merchantId } = busy.merchant;
      const untouched = await ctx.b.store.dashboardFacts(
        other.merchant.merchantId,
        whole(START + 200 * DAY),
      );
      await ctx.sql(forget(merchantId));
      expect(await ctx.a.store.rollupRebuildPercent(merchantId)).toBe(0);
      expect(await ctx.a.store.rollupRebuildPercent(other.merchant.merchantId)).toBeNull();
      expect(await ctx.b.store.pendingRollupRebuilds()).toBe(1);

      const now = Date.now();
      expect(await ctx.a.store.claimRollupRebuild("a", now, LEASE)).toBe(merchantId);
      // The other process finds nothing to claim: the merchant is held.
      expect(await ctx.b.store.claimRollupRebuild("b", now, LEASE)).toBeNull();

      // Between and beside the steps, tills of both processes stamp and undo: stamps counted by
      // the rebuild already, stamps appended while it runs, undone before or after it reads them.
      const [cardA, cardB] = [
        ...new Set((await everyEvent(ctx.b.store, merchantId)).map((row) => row.event.cardId)),
      ] as [string, string];
      const tills = [
        await newTill(ctx.a.store, busy.merchant),
        await newTill(ctx.b.store, busy.merchant, busy.second),
      ];
      const old = (await everyEvent(ctx.b.store, merchantId)).filter(
        (row) => row.event.type === "stamps.added",
      );
      let previous: StampEvent | null = null;
      const round = async (i: number) => {
        const at = START + 150 * DAY + i * 3_600_000;
        const till = tills[i % 2] as (typeof tills)[number];
        const stamp = till.stamp(i % 2 === 0 ? cardA : cardB, 1 + (i % 3), at);
        const undo = previous ?? (old[i]?.event as StampEvent);
        const events = [
          stamp,
          till.make(
            "stamps.revoked",
            undo.cardId,
            { targetId: undo.id, reason: "Wrong card" },
            at + 1,
          ),
        ];
        previous = stamp;
        const outcomes = await (i % 2 === 0 ? ctx.a : ctx.b).store.appendEvents({
          merchantId,
          events,
          admit: admitEvent,
          now: at + 2,
        });
        expect(
          outcomes.every((o) => o.status === "accepted"),
          JSON.stringify(outcomes),
        ).toBe(true);
      };

      const percents: number[] = [];
      let step: RollupStep = { kind: "counted", percent: 0 };
      for (let i = 0; step.kind === "counted"; i += 2) {
        await round(i);
        [step] = await Promise.all([
          ctx.a.store.stepRollupRebuild(merchantId, "a", now, LEASE, PAGE),
          round(i + 1),
        ]);
        if (step.kind === "counted") {
          percents.push(step.percent);
          expect(await ctx.b.store.rollupRebuildPercent(merchantId)).toBe(step.percent);
        }
      }
      expect(step.kind).toBe("done");
      expect(percents.length).toBeGreaterThanOrEqual(3);
      expect(percents).toEqual([...percents].sort((x, y) => x - y));
      expect(await ctx.b.store.rollupRebuildPercent(merchantId)).toBeNull();
      expect(await ctx.b.store.pendingRollupRebuilds()).toBe(0);
      await expectFold(ctx.b.store, busy);
      // Appends after the rebuild count their own.
      await round(100);
      await expectFold(ctx.b.store, busy);
      expect(
        await ctx.b.store.dashboardFacts(other.merchant.merchantId, whole(START + 200 * DAY)),
      ).toEqual(untouched);
    });

    it("ends however fast the merchant appends, a page per step, to the figures a fold gives", async () => {
      const busy = await busyMerchant(ctx.a.store);
      const { merchantId } = busy.merchant;
      await ctx.sql(forget(merchantId));
      const logged = await everyEvent(ctx.b.store, merchantId);
      const cards = [...new Set(logged.map((row) => row.event.cardId))];
      const stamps: StampEvent[] = logged.flatMap((row) =>
        row.event.type === "stamps.added" ? [row.event] : [],
      );
      const tills = [
        await newTill(ctx.a.store, busy.merchant),
        await newTill(ctx.b.store, busy.merchant, busy.second),
      ];
      const now = Date.now();
      expect(await ctx.a.store.claimRollupRebuild("a", now, LEASE)).toBe(merchantId);

      // Beside every step both processes append more than the step counts (2 × 4 batches of 3
      // events against a page of 8): stamps, and undos of stamps the rebuild has not read yet,
      // has read, and of stamps appended while it runs.
      const page = 8;
      let made = 0;
      const batch = async (process: 0 | 1) => {
        const i = made++;
        const till = tills[process] as (typeof tills)[number];
        const at = START + 150 * DAY + i * 600_000;
        const stamp = till.stamp(cards[i % cards.length] as string, 1 + (i % 3), at);
        const undone = [stamps[stamps.length - 1 - i], stamps[i]] as StampEvent[];
        stamps.push(stamp);
        const events = [
          stamp,
          ...undone.map((target, k) =>
            till.make(
              "stamps.revoked",
              target.cardId,
              { targetId: target.id, reason: "Oops" },
              at + 1 + k,
            ),
          ),
        ];
        const outcomes = await (process === 0 ? ctx.a : ctx.b).store.appendEvents({
          merchantId,
          events,
          admit: admitEvent,
          now: at + 3,
        });
        expect(
          outcomes.every((o) => o.status === "accepted"),
          JSON.stringify(outcomes),
        ).toBe(true);
      };
      const appends = async () => {
        for (let k = 0; k < 4; k++) await Promise.all([batch(0), batch(1)]);
      };
      // The log as it was, a page a step, then the cards' vouchers (one page of them), then the end;
      // and one page more: the step that fixes the end clears the cards' rollup columns, so it
      // waits for the batches under way (one per process, 6 events, under a page), whose events
      // then fall within the end it fixes.
      const bound = Math.ceil(logged.length / page) + 3;
      let steps = 0;
      let step: RollupStep = { kind: "counted", percent: 0 };
      while (step.kind === "counted" && steps <= bound) {
        steps++;
        [step] = await Promise.all([
          ctx.a.store.stepRollupRebuild(merchantId, "a", now, LEASE, page),
          appends(),
        ]);
      }
      expect(step.kind).toBe("done");
      expect(steps).toBeLessThanOrEqual(bound);
      expect(made).toBeGreaterThan(logged.length / 2); // more appended than the log had
      await expectFold(ctx.b.store, busy);
      await appends();
      await expectFold(ctx.a.store, busy);
    });

    it("finishes a rebuild an older server began, whose appends left their counts to it", async () => {
      const busy = await busyMerchant(ctx.a.store);
      const { merchantId } = busy.merchant;
      await ctx.sql(forget(merchantId));
      const now = Date.now();
      expect(await ctx.a.store.claimRollupRebuild("a", now, LEASE)).toBe(merchantId);
      let step = await ctx.a.store.stepRollupRebuild(merchantId, "a", now, LEASE);
      expect(step).toMatchObject({ kind: "counted" }); // the log is counted: the rewards stage
      // As an older server leaves it (it fixed no position): appends leave their counts to it.
      await ctx.sql([
        `UPDATE insight_pending SET appends_count_after = NULL WHERE merchant_id = '${merchantId}'`,
      ]);
      const till = await newTill(ctx.b.store, busy.merchant);
      const [card] = (await everyEvent(ctx.b.store, merchantId)).map((row) => row.event.cardId);
      const outcomes = await ctx.b.store.appendEvents({
        merchantId,
        events: [till.stamp(card as string, 2, START + 150 * DAY)],
        admit: admitEvent,
        now: START + 150 * DAY,
      });
      expect(outcomes[0]?.status).toBe("accepted");
      do step = await ctx.a.store.stepRollupRebuild(merchantId, "a", now, LEASE);
      while (step.kind === "counted");
      expect(step.kind).toBe("done");
      await expectFold(ctx.b.store, busy);
    });

    it("lets another instance take a merchant over once the holder's lease ran out, or it gave it up", async () => {
      const busy = await busyMerchant(ctx.a.store);
      const { merchantId } = busy.merchant;
      await ctx.sql(forget(merchantId));
      const t = Date.now();
      expect(await ctx.a.store.claimRollupRebuild("a", t, LEASE)).toBe(merchantId);
      // Each step renews the lease.
      expect(await ctx.a.store.stepRollupRebuild(merchantId, "a", t + 20_000, LEASE)).toMatchObject(
        { kind: "counted" },
      );
      expect(await ctx.b.store.claimRollupRebuild("b", t + 40_000, LEASE)).toBeNull();
      // Shut down: given up, another instance resumes at once, where the first one stopped.
      await ctx.a.store.releaseRollupRebuild(merchantId, "a");
      expect(await ctx.b.store.claimRollupRebuild("b", t + 40_000, LEASE)).toBe(merchantId);
      expect(await ctx.b.store.stepRollupRebuild(merchantId, "b", t + 40_000, LEASE)).toMatchObject(
        { kind: "counted" },
      );
      // "b" crashed: its lease runs out, and "a" takes the merchant over; "b"'s next step does
      // nothing.
      expect(await ctx.a.store.claimRollupRebuild("a", t + 69_999, LEASE)).toBeNull();
      expect(await ctx.a.store.claimRollupRebuild("a", t + 70_000, LEASE)).toBe(merchantId);
      expect(await ctx.b.store.stepRollupRebuild(merchantId, "b", t + 70_001, LEASE)).toEqual({
        kind: "lost",
      });
      let step: RollupStep;
      do step = await ctx.a.store.stepRollupRebuild(merchantId, "a", t + 70_002, LEASE);
      while (step.kind === "counted");
      expect(step.kind).toBe("done");
      expect(await ctx.b.store.claimRollupRebuild("b", t + 70_003, LEASE)).toBeNull();
      await expectFold(ctx.b.store, busy);
    });
  });
}
