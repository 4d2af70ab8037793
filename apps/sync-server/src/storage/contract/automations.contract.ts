import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { automationRun } from "../../automations/automation-run";
import type { AutomationRecord } from "../automation-store";
import type { FanOutStep } from "../campaign-store";
import { type ContractContext, newCard, newMerchant, type TestMerchant } from "./harness";

const LEASE_MS = 30_000;

function winBack(merchant: TestMerchant, now: number): AutomationRecord {
  return {
    id: randomUUID(),
    merchantId: merchant.merchantId,
    programId: merchant.program.id,
    rule: { kind: "win-back", settings: { days: 30 } },
    enabled: true,
    message: { en: "We miss you" },
    updatedAt: now,
    nextRunAt: now,
  };
}

/** Automations: one per programme and kind, runs started once across processes, a card once per occasion. */
export function automationsContract(ctx: ContractContext): void {
  describe("automations", () => {
    it("are kept one per programme and kind; switching one on makes it due, saving it again does not", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const now = Date.now();
      const automation = winBack(merchant, now);
      expect(
        await ctx.a.store.saveAutomation({ ...automation, merchantId: other.merchantId }),
      ).toBe(false);
      expect(await ctx.a.store.saveAutomation(automation)).toBe(true);
      // Another save of the kind (another id) edits it; still on, its next run stays.
      const edited = {
        ...automation,
        id: randomUUID(),
        message: { en: "Come back" },
        rule: { kind: "win-back", settings: { days: 45 } },
        nextRunAt: now + 1000,
      } as const;
      expect(await ctx.b.store.saveAutomation(edited)).toBe(true);
      expect(await ctx.b.store.listAutomations(merchant.merchantId, merchant.program.id)).toEqual([
        { ...edited, id: automation.id, nextRunAt: now },
      ]);
      expect(await ctx.b.store.listAutomations(other.merchantId, merchant.program.id)).toEqual([]);
      await ctx.a.store.saveAutomation({ ...edited, enabled: false, nextRunAt: now + 2000 });
      await ctx.a.store.saveAutomation({ ...edited, enabled: true, nextRunAt: now + 3000 });
      const [again] = await ctx.a.store.listAutomations(merchant.merchantId, merchant.program.id);
      expect(again).toMatchObject({ enabled: true, nextRunAt: now + 3000 });
      // Paused: runs of the database's other tests do not start it.
      await ctx.a.store.saveAutomation({ ...edited, enabled: false });
    });

    it("start each due run once across processes, as a campaign outside the merchant's list, and reach a card once per occasion", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const cards = [await newCard(ctx.a.store, merchant), await newCard(ctx.a.store, merchant)];
      const now = Date.now() + 10;
      const automation = winBack(merchant, now);
      await ctx.a.store.saveAutomation(automation);
      const started = await Promise.all(
        [ctx.a, ctx.b].map((p) =>
          p.store.startAutomationRuns(now, (due) => automationRun(due, now)),
        ),
      );
      expect(started.reduce((x, y) => x + y)).toBe(1);
      expect(await ctx.a.store.startAutomationRuns(now, (due) => automationRun(due, now))).toBe(0);
      const [saved] = await ctx.b.store.listAutomations(merchant.merchantId, merchant.program.id);
      expect(saved?.nextRunAt).toBeGreaterThan(now);
      expect(await ctx.a.store.listCampaigns(merchant.merchantId, 10)).toEqual([]);

      const claimed = await ctx.b.store.claimCampaign(now, LEASE_MS);
      expect(claimed?.automation).toEqual({ id: automation.id, rule: automation.rule });
      const first = cards[0] as string;
      const step = (occasionOf: (card: { cardId: string }) => string | null): FanOutStep => ({
        now,
        limit: 500,
        leaseMs: LEASE_MS,
        inAudience: (card) => occasionOf(card) !== null,
        occasionOf,
      });
      // The first card has an occasion, the second none.
      const lapse = (card: { cardId: string }) => (card.cardId === first ? "lapse-1" : null);
      expect(await ctx.a.store.fanOutCampaign(claimed?.id as string, step(lapse))).toEqual({
        added: 1,
        done: true,
      });
      expect((await ctx.a.wallet.getPass(first))?.message?.texts).toEqual({ en: "We miss you" });

      // The next day's run: the same lapse reaches nobody again; a new one does.
      const later = saved?.nextRunAt as number;
      expect(await ctx.b.store.startAutomationRuns(later, (due) => automationRun(due, later))).toBe(
        1,
      );
      const next = await ctx.a.store.claimCampaign(later, LEASE_MS);
      expect(next?.id).not.toBe(claimed?.id);
      expect(await ctx.b.store.fanOutCampaign(next?.id as string, step(lapse))).toEqual({
        added: 0,
        done: true,
      });
      const third = await (async () => {
        const at = later + 86_400_000;
        await ctx.a.store.startAutomationRuns(at, (due) => automationRun(due, at));
        return ctx.a.store.claimCampaign(at, LEASE_MS);
      })();
      const everyLapse = (card: { cardId: string }) => `lapse-2-${card.cardId}`;
      expect(await ctx.a.store.fanOutCampaign(third?.id as string, step(everyLapse))).toEqual({
        added: 2,
        done: true,
      });
      const sends = await ctx.b.store.listAutomationSends(merchant.merchantId, automation.id, 10);
      // Card ids are random: both sides sorted.
      expect(sends.map((s) => s.occasion).sort()).toEqual(
        ["lapse-1", `lapse-2-${cards[0]}`, `lapse-2-${cards[1]}`].sort(),
      );
      expect(sends.every((s) => s.outcome === "no-wallet" && s.cardNumber !== null)).toBe(true);
      expect(await ctx.b.store.listAutomationSends(randomUUID(), automation.id, 10)).toEqual([]);

      // The treats sender reads the same sends, with the rule of their run, a page at a time.
      const mine = async (after: Parameters<typeof ctx.a.store.listTreatSends>[1]) =>
        (await ctx.a.store.listTreatSends(now, after, 1000)).filter(
          (send) => send.automationId === automation.id,
        );
      const treats = await mine(null);
      expect(treats.map((send) => send.occasion).sort()).toEqual(
        sends.map((send) => send.occasion).sort(),
      );
      expect(treats[0]).toMatchObject({
        merchantId: merchant.merchantId,
        programId: merchant.program.id,
        rule: automation.rule,
      });
      expect(treats.map((send) => send.sentAt)).toEqual(
        [...treats.map((send) => send.sentAt)].sort((x, y) => x - y),
      );
      const [firstPage] = await ctx.b.store.listTreatSends(now, null, 1);
      const rest = await ctx.b.store.listTreatSends(now, firstPage ?? null, 1000);
      expect([firstPage, ...rest]).toEqual(await ctx.b.store.listTreatSends(now, null, 1000));
      expect(await mine(treats.at(-1) ?? null)).toEqual([]);
      expect(await ctx.a.store.listTreatSends(later + 10 * 86_400_000, null, 10)).toEqual([]);
    });
  });
}
