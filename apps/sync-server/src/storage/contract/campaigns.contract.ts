import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { FanOutStep, NewCampaign } from "../campaign-store";
import type { PushJob } from "../wallet-store";
import {
  append,
  type ContractContext,
  EventMaker,
  newCard,
  newMerchant,
  type TestMerchant,
} from "./harness";

const PASS_TYPE = "pass.dev.stamp.loyalty";
const LEASE_MS = 30_000;

function campaignOf(merchant: TestMerchant, now: number): NewCampaign {
  return {
    id: randomUUID(),
    merchantId: merchant.merchantId,
    programId: merchant.program.id,
    name: "Autumn",
    message: { en: "Pumpkin latte is back" },
    audience: { kind: "everyone" },
    sendAt: now,
    createdAt: now,
  };
}

const everyone = (now: number, limit = 500): FanOutStep => ({
  now,
  limit,
  leaseMs: LEASE_MS,
  inAudience: () => true,
});

/** Campaigns: kept per merchant, fanned out once per card across processes, resumable. */
export function campaignsContract(ctx: ContractContext): void {
  const cards = async (merchant: TestMerchant, count: number, listening: number) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) ids.push(await newCard(ctx.a.store, merchant));
    for (const cardId of ids.slice(0, listening))
      await ctx.a.wallet.register({
        deviceLibraryId: `device-${randomUUID()}`,
        passTypeId: PASS_TYPE,
        cardId,
        pushToken: "cd".repeat(32),
        createdAt: Date.now(),
      });
    return ids;
  };

  describe("campaigns", () => {
    it("are kept per merchant, once per id, and cancelled only before they are sent", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const now = Date.now();
      const campaign = { ...campaignOf(merchant, now), sendAt: now + 3_600_000 };
      expect(await ctx.a.store.createCampaign(campaign)).toBe(true);
      expect(await ctx.b.store.createCampaign({ ...campaign, name: "Again" })).toBe(false);
      expect(await ctx.b.store.getCampaign(merchant.merchantId, campaign.id)).toEqual({
        ...campaign,
        status: "scheduled",
        startedAt: null,
        finishedAt: null,
        report: {
          recipients: 0,
          listened: 0,
          pushed: 0,
          failures: 0,
          fetched: 0,
          emailed: 0,
          emailFailed: 0,
        },
      });
      expect(await ctx.b.store.getCampaign(other.merchantId, campaign.id)).toBeNull();
      expect(await ctx.b.store.listCampaigns(other.merchantId, 10)).toEqual([]);
      expect((await ctx.b.store.listCampaigns(merchant.merchantId, 10)).map((c) => c.id)).toEqual([
        campaign.id,
      ]);
      // Not due yet: nobody claims it.
      expect(await ctx.a.store.claimCampaign(now, LEASE_MS)).toBeNull();
      expect(await ctx.a.store.cancelCampaign(other.merchantId, campaign.id, now)).toBe(false);
      expect(await ctx.a.store.cancelCampaign(merchant.merchantId, campaign.id, now)).toBe(true);
      expect(await ctx.b.store.cancelCampaign(merchant.merchantId, campaign.id, now)).toBe(false);
      expect(await ctx.a.store.claimCampaign(now + 7_200_000, LEASE_MS)).toBeNull();
      expect((await ctx.a.store.getCampaign(merchant.merchantId, campaign.id))?.status).toBe(
        "cancelled",
      );
    });

    it("fan out in steps across processes: each chosen card once, its pass versioned and pushed where a wallet listens", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const ids = await cards(merchant, 5, 2);
      const before = await ctx.a.wallet.getPass(ids[0] as string);
      const now = Date.now() + 1;
      const campaign = campaignOf(merchant, now);
      expect(await ctx.a.store.createCampaign(campaign)).toBe(true);
      const claimed = await ctx.a.store.claimCampaign(now, LEASE_MS);
      expect(claimed).toEqual({
        id: campaign.id,
        merchantId: merchant.merchantId,
        programId: merchant.program.id,
        audience: { kind: "everyone" },
        automation: null,
      });
      // Leased: another process does not take it.
      expect(await ctx.b.store.claimCampaign(now, LEASE_MS)).toBeNull();
      const skipped = ids[4] as string;
      const step = {
        ...everyone(now, 2),
        inAudience: (card: { cardId: string }) => card.cardId !== skipped,
      };
      const steps = [];
      for (let i = 0; i < 5; i += 1) {
        const done = await (i % 2 ? ctx.b : ctx.a).store.fanOutCampaign(campaign.id, step);
        steps.push(done);
        if (done.done) break;
      }
      expect(steps.map((s) => s.added).reduce((a, b) => a + b)).toBe(4);
      expect(steps.at(-1)?.done).toBe(true);
      // Sent: another step, or a claim, adds nobody.
      expect(await ctx.b.store.fanOutCampaign(campaign.id, step)).toEqual({ added: 0, done: true });
      expect(await ctx.b.store.claimCampaign(now + LEASE_MS * 2, LEASE_MS)).toBeNull();
      const sent = await ctx.b.store.getCampaign(merchant.merchantId, campaign.id);
      expect(sent).toMatchObject({
        status: "sent",
        startedAt: now,
        finishedAt: now,
        report: {
          recipients: 4,
          listened: 2,
          pushed: 0,
          failures: 0,
          fetched: 0,
          emailed: 0,
          emailFailed: 0,
        },
      });
      const pass = await ctx.b.wallet.getPass(ids[0] as string);
      expect(pass?.message).toEqual({ id: campaign.id, texts: campaign.message, at: now });
      expect(pass?.updateSeq).toBeGreaterThan(before?.updateSeq ?? Number.POSITIVE_INFINITY);
      expect(Math.floor((pass?.updatedAt ?? 0) / 1000)).toBeGreaterThan(
        Math.floor((before?.updatedAt ?? 0) / 1000),
      );
      expect((await ctx.b.wallet.getPass(skipped))?.message).toBeNull();
      // Pushes for the two listened cards only.
      for (const [i, cardId] of ids.entries())
        expect((await ctx.a.wallet.pushJob(cardId))?.status).toBe(i < 2 ? "pending" : undefined);

      // A push round: the first card's iPhone took it; the second's refused twice, to be retried.
      const jobs = await ctx.a.wallet.claimPushJobs(now + 5, LEASE_MS, 1000);
      const job = (cardId: string) => jobs.find((j) => j.cardId === cardId) as PushJob;
      await ctx.a.wallet.finishPushJobs([
        {
          job: job(ids[0] as string),
          outcome: { kind: "done" },
          reached: true,
          failures: 0,
          at: now + 5,
        },
        {
          job: job(ids[1] as string),
          outcome: { kind: "retry", dueAt: now + 60_000, error: "apns: 503" },
          reached: false,
          failures: 2,
          at: now + 5,
        },
      ]);
      expect(await ctx.b.wallet.pushJob(ids[0] as string)).toBeNull();
      expect(await ctx.b.wallet.pushJob(ids[1] as string)).toMatchObject({
        status: "pending",
        dueAt: now + 60_000,
        lastError: "apns: 503",
      });
      await ctx.b.store.campaignFetched(ids[0] as string, now + 9);
      await ctx.b.store.campaignFetched(ids[0] as string, now + 10);
      expect((await ctx.a.store.getCampaign(merchant.merchantId, campaign.id))?.report).toEqual({
        recipients: 4,
        listened: 2,
        pushed: 1,
        failures: 2,
        fetched: 1,
        emailed: 0,
        emailFailed: 0,
      });
    });

    it("resume after their instance stopped, where it stopped, reaching nobody twice", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const ids = await cards(merchant, 5, 5);
      const now = Date.now();
      const campaign = campaignOf(merchant, now);
      await ctx.a.store.createCampaign(campaign);
      expect((await ctx.a.store.claimCampaign(now, LEASE_MS))?.id).toBe(campaign.id);
      expect(await ctx.a.store.fanOutCampaign(campaign.id, everyone(now, 3))).toEqual({
        added: 3,
        done: false,
      });
      // Instance a stops here. Its lease runs out; b takes the campaign over from the cursor.
      expect(await ctx.b.store.claimCampaign(now + LEASE_MS - 1, LEASE_MS)).toBeNull();
      const later = now + LEASE_MS + 1;
      expect((await ctx.b.store.claimCampaign(later, LEASE_MS))?.id).toBe(campaign.id);
      expect(await ctx.b.store.fanOutCampaign(campaign.id, everyone(later, 3))).toEqual({
        added: 2,
        done: true,
      });
      const report = (await ctx.a.store.getCampaign(merchant.merchantId, campaign.id))?.report;
      expect(report).toMatchObject({ recipients: ids.length, listened: ids.length });
    });

    it("a cancelled campaign stops after the step in flight", async () => {
      const merchant = await newMerchant(ctx.a.store);
      await cards(merchant, 3, 0);
      const now = Date.now();
      const campaign = campaignOf(merchant, now);
      await ctx.a.store.createCampaign(campaign);
      await ctx.a.store.claimCampaign(now, LEASE_MS);
      expect(await ctx.a.store.fanOutCampaign(campaign.id, everyone(now, 1))).toEqual({
        added: 1,
        done: false,
      });
      expect(await ctx.b.store.cancelCampaign(merchant.merchantId, campaign.id, now)).toBe(true);
      expect(await ctx.a.store.fanOutCampaign(campaign.id, everyone(now, 1))).toEqual({
        added: 0,
        done: true,
      });
      const cancelled = await ctx.a.store.getCampaign(merchant.merchantId, campaign.id);
      expect(cancelled).toMatchObject({ status: "cancelled", report: { recipients: 1 } });
    });

    it("count an audience before sending, the merchant's program only", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const ids = await cards(merchant, 4, 0);
      const skipped = ids[1] as string;
      const judge = (card: { cardId: string }) => card.cardId !== skipped;
      expect(await ctx.b.store.countAudience(merchant.merchantId, merchant.program.id, judge)).toBe(
        3,
      );
      expect(await ctx.b.store.countAudience(other.merchantId, merchant.program.id, judge)).toBe(0);
      expect(await ctx.a.store.countAudience(merchant.merchantId, other.program.id, judge)).toBe(0);
    });

    it("read a card's blocked flag without its state, and its state when a rule asks", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const [blocked, stamped] = await cards(merchant, 2, 0);
      const events = new EventMaker(merchant);
      await append(ctx.a.store, merchant, [
        events.make("card.blocked", blocked as string, { reason: "Shared online" }),
        events.stamp(stamped as string),
      ]);
      const seen: { cardId: string; blocked: boolean; stamps: number }[] = [];
      await ctx.b.store.countAudience(merchant.merchantId, merchant.program.id, (card) => {
        seen.push({ cardId: card.cardId, blocked: card.blocked, stamps: card.state.stamps });
        return true;
      });
      expect(seen.sort((x, y) => x.cardId.localeCompare(y.cardId))).toEqual(
        [
          { cardId: blocked, blocked: true, stamps: 0 },
          { cardId: stamped, blocked: false, stamps: 1 },
        ].sort((x, y) => (x.cardId as string).localeCompare(y.cardId as string)),
      );
    });
  });
}
