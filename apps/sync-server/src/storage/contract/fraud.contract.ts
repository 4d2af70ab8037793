import { randomUUID } from "node:crypto";
import { DEFAULT_FRAUD_THRESHOLDS, type FraudFlag } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_FRAUD_SETTINGS } from "../fraud-rows";
import { type ContractContext, newLocation, newMerchant } from "./harness";
import { newEndpoint } from "./webhooks.contract";

function flagAt(locationId: string | null, windowStart: number, reason = "burst-till"): FraudFlag {
  return {
    key: `${reason}:till:t1:${windowStart}`,
    reason: reason as FraudFlag["reason"],
    subject: { kind: "till", id: "t1" },
    locationId,
    windowStart,
    windowEnd: windowStart + 600_000,
    count: 31,
    items: [{ id: randomUUID(), cardId: randomUUID() }],
  };
}

/** Staff-fraud flags: raised once per key (webhook with it), paged by status and location, reviewed once. */
export function fraudContract(ctx: ContractContext): void {
  describe("fraud flags", () => {
    it("keeps settings per merchant over the defaults", async () => {
      const m = await newMerchant(ctx.a.store);
      expect(await ctx.b.store.fraudSettings(m.merchantId)).toEqual({
        ...DEFAULT_FRAUD_SETTINGS,
        lastAlertAt: null,
        changedAt: null,
        scanned: null,
      });
      const hours = { timeZone: "Europe/Berlin", days: [1, 2], opens: 480, closes: 1080 };
      const settings = {
        thresholds: { ...DEFAULT_FRAUD_THRESHOLDS, burstStamps: 12 },
        alerts: "daily" as const,
        hours: { [randomUUID()]: hours },
      };
      await ctx.a.store.setFraudSettings(m.merchantId, settings, 1_000);
      await ctx.a.store.setFraudSettings(m.merchantId, settings, 2_000);
      expect(await ctx.b.store.fraudSettings(m.merchantId)).toEqual({
        ...settings,
        lastAlertAt: null,
        changedAt: 2_000,
        scanned: null,
      });
    });

    it("raises a key once, even when two processes race, with one fraud.flagged webhook", async () => {
      const m = await newMerchant(ctx.a.store);
      const hook = await newEndpoint(ctx.a.store, m, ["fraud.flagged"]);
      const flag = flagAt(null, 600_000);
      const id = randomUUID();
      const raised = await Promise.all([
        ctx.a.store.raiseFraudFlags(m.merchantId, [{ id, flag }], 5_000),
        ctx.b.store.raiseFraudFlags(m.merchantId, [{ id, flag }], 5_000),
      ]);
      expect(raised.flat()).toHaveLength(1);
      expect(raised.flat()[0]).toMatchObject({ ...flag, id, status: "open", raisedAt: 5_000 });
      expect(await ctx.a.store.raiseFraudFlags(m.merchantId, [{ id, flag }], 6_000)).toEqual([]);
      const deliveries = await ctx.b.store.listWebhookDeliveries(m.merchantId, hook.id, 10);
      expect(deliveries.map((d) => d.type)).toEqual(["fraud.flagged"]);
      expect(JSON.parse(deliveries[0]?.payload ?? "{}").data).toMatchObject({
        flagId: id,
        reason: "burst-till",
        count: 31,
      });
      // Another merchant's same key is its own flag.
      const other = await newMerchant(ctx.a.store);
      const theirs = await ctx.a.store.raiseFraudFlags(
        other.merchantId,
        [{ id: randomUUID(), flag }],
        5_000,
      );
      expect(theirs).toHaveLength(1);
      expect(await ctx.b.store.getFraudFlag(m.merchantId, theirs[0]?.id ?? "")).toBeNull();
    });

    it("pages by status newest first, shows a tied manager only their locations, reviews once", async () => {
      const m = await newMerchant(ctx.a.store);
      const shop = await newLocation(ctx.a.store, m);
      const elsewhere = await newLocation(ctx.a.store, m);
      const made = [
        { id: randomUUID(), flag: flagAt(shop, 1) },
        { id: randomUUID(), flag: flagAt(elsewhere, 2) },
        { id: randomUUID(), flag: flagAt(null, 3) },
      ];
      for (const [i, one] of made.entries())
        await ctx.a.store.raiseFraudFlags(m.merchantId, [one], 10_000 + i);
      const open = { status: "open" as const, locations: null };
      const all = await ctx.b.store.listFraudFlags(m.merchantId, open, null, 10);
      expect(all.map((f) => f.id)).toEqual(made.map((f) => f.id).reverse());
      const first = await ctx.b.store.listFraudFlags(m.merchantId, open, null, 2);
      const last = first.at(-1);
      const rest = await ctx.b.store.listFraudFlags(
        m.merchantId,
        open,
        last ? { raisedAt: last.raisedAt, id: last.id } : null,
        2,
      );
      expect([...first, ...rest].map((f) => f.id)).toEqual(all.map((f) => f.id));
      const tied = await ctx.b.store.listFraudFlags(
        m.merchantId,
        { status: "open", locations: [shop] },
        null,
        10,
      );
      expect(tied.map((f) => f.locationId)).toEqual([shop]);
      expect(await ctx.b.store.countOpenFraudFlags(m.merchantId, null)).toBe(3);
      expect(await ctx.b.store.countOpenFraudFlags(m.merchantId, [])).toBe(0);

      const review = {
        status: "dismissed" as const,
        note: "Team event",
        by: "a@b.test",
        at: 20_000,
      };
      const id = made[0]?.id ?? "";
      const other = await newMerchant(ctx.a.store);
      expect(await ctx.a.store.reviewFraudFlag(other.merchantId, id, review)).toBe(false);
      expect(await ctx.a.store.reviewFraudFlag(m.merchantId, id, review)).toBe(true);
      expect(
        await ctx.b.store.reviewFraudFlag(m.merchantId, id, { ...review, status: "confirmed" }),
      ).toBe(false);
      expect(await ctx.b.store.getFraudFlag(m.merchantId, id)).toMatchObject({
        status: "dismissed",
        note: "Team event",
        reviewedBy: "a@b.test",
        reviewedAt: 20_000,
      });
      const dismissed = await ctx.b.store.listFraudFlags(
        m.merchantId,
        { status: "dismissed", locations: null },
        null,
        10,
      );
      expect(dismissed.map((f) => f.id)).toEqual([id]);
    });

    it("keeps a scan's mark and counts under the settings it read; new settings start over", async () => {
      const m = await newMerchant(ctx.a.store);
      const [early, late] = [flagAt(null, 600_000), flagAt(null, 6_000_000)];
      const end = (changedAt: number | null, seq: number, tallies: FraudFlag[]) => ({
        changedAt,
        mark: { seq, at: seq * 1_000 },
        tallies,
        forgetBefore: 0,
      });
      // Never saved: the first scan's end makes the row.
      expect(await ctx.a.store.saveFraudScan(m.merchantId, end(null, 7, [early, late]))).toBe(true);
      const first = await ctx.b.store.fraudSettings(m.merchantId);
      expect(first).toMatchObject({ scanned: { seq: 7, at: 7_000 }, ...DEFAULT_FRAUD_SETTINGS });
      const keys = [early.key, late.key, "burst-till:till:none:0"];
      expect(await ctx.b.store.fraudTallies(m.merchantId, keys)).toEqual(
        expect.arrayContaining([early, late]),
      );
      // A count replaces the one kept under its key; windows ended before `forgetBefore` go.
      const more = { ...late, count: 40 };
      const next = { ...end(first.changedAt, 9, [more]), forgetBefore: late.windowStart };
      expect(await ctx.b.store.saveFraudScan(m.merchantId, next)).toBe(true);
      expect(await ctx.a.store.fraudTallies(m.merchantId, keys)).toEqual([more]);
      // A scan that read older settings keeps nothing; saving settings drops mark and counts.
      expect(await ctx.a.store.saveFraudScan(m.merchantId, end(null, 11, [early]))).toBe(false);
      await ctx.a.store.setFraudSettings(m.merchantId, DEFAULT_FRAUD_SETTINGS, 50_000);
      expect(await ctx.b.store.fraudSettings(m.merchantId)).toMatchObject({
        changedAt: 50_000,
        scanned: null,
      });
      expect(await ctx.b.store.fraudTallies(m.merchantId, keys)).toEqual([]);
      expect(await ctx.b.store.saveFraudScan(m.merchantId, end(9, 12, [early]))).toBe(false);
      expect(await ctx.b.store.saveFraudScan(m.merchantId, end(50_000, 12, [early]))).toBe(true);
      // Another merchant's counts are its own.
      const other = await newMerchant(ctx.a.store);
      expect(await ctx.a.store.fraudTallies(other.merchantId, keys)).toEqual([]);
    });

    it("hands out unalerted flags oldest first and marks them told", async () => {
      const m = await newMerchant(ctx.a.store);
      const made = [1, 2, 3].map((n) => ({ id: randomUUID(), flag: flagAt(null, n) }));
      for (const [i, one] of made.entries())
        await ctx.a.store.raiseFraudFlags(m.merchantId, [one], 1_000 + i);
      const due = await ctx.b.store.unalertedFraudFlags(m.merchantId, 2);
      expect(due.map((f) => f.id)).toEqual(made.slice(0, 2).map((f) => f.id));
      await ctx.b.store.markFraudAlerted(
        m.merchantId,
        due.map((f) => f.id),
        9_000,
      );
      expect((await ctx.a.store.unalertedFraudFlags(m.merchantId, 10)).map((f) => f.id)).toEqual([
        made[2]?.id,
      ]);
      expect((await ctx.a.store.fraudSettings(m.merchantId)).lastAlertAt).toBe(9_000);
      expect((await ctx.a.store.fraudSettings(m.merchantId)).thresholds).toEqual(
        DEFAULT_FRAUD_THRESHOLDS,
      );
    });
  });
}
