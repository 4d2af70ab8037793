import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type ContractContext, newCard, newMerchant } from "./harness";

const LEASE_MS = 60_000;

/** The campaign e-mail outbox: each e-mail claimed once across processes, retried, stopped. */
export function campaignEmailsContract(ctx: ContractContext): void {
  describe("campaign e-mails", () => {
    it("are claimed once across processes, retried when due, and skipped once the customer stops them", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const cards = [];
      for (let i = 0; i < 4; i += 1) cards.push(await newCard(ctx.a.store, merchant));
      const now = Date.now() + 100;
      const campaign = {
        id: randomUUID(),
        merchantId: merchant.merchantId,
        programId: merchant.program.id,
        name: "News",
        message: { en: "News" },
        audience: { kind: "everyone" as const },
        sendAt: now,
        createdAt: now,
        email: true,
      };
      await ctx.a.store.createCampaign(campaign);
      expect((await ctx.b.store.getCampaign(merchant.merchantId, campaign.id))?.email).toBe(true);
      await ctx.a.store.claimCampaign(now, LEASE_MS);
      const wanted = new Set(cards.slice(0, 3));
      await ctx.a.store.fanOutCampaign(campaign.id, {
        now,
        limit: 500,
        leaseMs: LEASE_MS,
        inAudience: () => true,
        emailTo: (card) => wanted.has(card.cardId),
      });
      const [x, y] = await Promise.all([
        ctx.a.store.claimCampaignEmails(now, LEASE_MS, 2),
        ctx.b.store.claimCampaignEmails(now, LEASE_MS, 2),
      ]);
      const claimed = [...(x ?? []), ...(y ?? [])];
      expect(claimed.map((e) => e.cardId).sort()).toEqual([...wanted].sort());
      expect(claimed.every((e) => e.attempts === 1 && e.message.en === "News")).toBe(true);
      // Leased: nobody claims them again before the lease runs out.
      expect(await ctx.a.store.claimCampaignEmails(now + 1, LEASE_MS, 10)).toEqual([]);
      const [sent, retried, stopped] = claimed;
      await ctx.b.store.finishCampaignEmails([
        { campaignId: campaign.id, cardId: sent?.cardId as string, status: "sent" },
        {
          campaignId: campaign.id,
          cardId: retried?.cardId as string,
          status: "retry",
          dueAt: now + 5_000,
        },
      ]);
      expect(await ctx.a.store.stopCampaignEmails(stopped?.cardId as string, now)).toBe(true);
      expect(await ctx.a.store.stopCampaignEmails(stopped?.cardId as string, now)).toBe(true);
      expect(await ctx.a.store.stopCampaignEmails(randomUUID(), now)).toBe(false);
      expect(await ctx.b.store.claimCampaignEmails(now + 4_999, LEASE_MS, 10)).toEqual([]);
      const again = await ctx.b.store.claimCampaignEmails(now + 5_000, LEASE_MS, 10);
      expect(again.map((e) => [e.cardId, e.attempts])).toEqual([[retried?.cardId, 2]]);
      await ctx.a.store.finishCampaignEmails([
        { campaignId: campaign.id, cardId: retried?.cardId as string, status: "failed" },
      ]);
      const report = (await ctx.a.store.getCampaign(merchant.merchantId, campaign.id))?.report;
      expect(report).toMatchObject({ recipients: 4, emailed: 1, emailFailed: 1 });
    });
  });
}
