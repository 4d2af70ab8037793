import { describe, expect, it } from "vitest";
import { append, type ContractContext, newCard, newMerchant, newTill } from "./harness";

/** A card's history read a page at a time (the card fetch of tills of protocol < 5). */
export function cardPagesContract(ctx: ContractContext): void {
  describe("card event pages", () => {
    it("pages a card's stored events in log order, its own merchant's only", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const till = await newTill(ctx.a.store, merchant);
      const cardId = await newCard(ctx.a.store, merchant);
      const other = await newCard(ctx.a.store, merchant);
      const start = Date.now() - 60_000;
      for (let i = 0; i < 7; i++)
        await append(ctx.a.store, merchant, [
          till.stamp(cardId, 1, start + i * 1_000),
          till.stamp(other, 1, start + i * 1_000 + 1),
        ]);
      const whole = await ctx.b.store.cardHistory(merchant.merchantId, cardId);
      expect(whole).toHaveLength(8);

      const pages: { seq: number; body: string }[][] = [];
      for (let after = 0; ; ) {
        const page = await ctx.b.store.cardEventPage(merchant.merchantId, cardId, after, 3);
        pages.push(page);
        if (page.length < 3) break;
        after = page.at(-1)?.seq ?? after;
      }
      expect(pages.map((page) => page.length)).toEqual([3, 3, 2]);
      const rows = pages.flat();
      expect(rows.map((row) => row.seq)).toEqual(whole.map((logged) => logged.seq));
      expect(rows.map((row) => JSON.parse(row.body))).toEqual(whole.map((logged) => logged.event));

      const stranger = await newMerchant(ctx.a.store);
      expect(await ctx.b.store.cardEventPage(stranger.merchantId, cardId, 0, 100)).toEqual([]);
      const last = whole.at(-1)?.seq ?? 0;
      expect(await ctx.b.store.cardEventPage(merchant.merchantId, cardId, last, 100)).toEqual([]);
    });
  });
}
