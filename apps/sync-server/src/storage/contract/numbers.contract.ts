import { randomUUID } from "node:crypto";
import { cardNumberFor } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { CardNumberTaken } from "../card-numbers";
import { type ContractContext, createCard, newCard, newMerchant } from "./harness";

/** Card numbers (stamp-core SPEC N1–N3): one card per number and merchant, found by it. */
export function cardNumbersContract(ctx: ContractContext): void {
  describe("card numbers", () => {
    it("finds a card by its number, only within its merchant", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const cardId = await newCard(ctx.a.store, merchant);
      const number = cardNumberFor(cardId);
      expect(await ctx.b.store.findCardByNumber(merchant.merchantId, number)).toMatchObject({
        id: cardId,
        number,
      });
      expect((await ctx.b.store.getCard(merchant.merchantId, cardId))?.number).toBe(number);
      expect(await ctx.b.store.findCardByNumber(other.merchantId, number)).toBeNull();
      // Another merchant's card may have the same number.
      expect((await createCard(ctx.a.store, other, randomUUID(), number)).kind).toBe("answer");
    });

    it("refuses a second card with a number, storing nothing of it", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const first = await newCard(ctx.a.store, merchant);
      const second = randomUUID();
      await expect(
        createCard(ctx.b.store, merchant, second, cardNumberFor(first)),
      ).rejects.toBeInstanceOf(CardNumberTaken);
      expect(await ctx.a.store.getCard(merchant.merchantId, second)).toBeNull();
      expect(await ctx.a.store.cardHistory(merchant.merchantId, second)).toEqual([]);
    });

    it("gives a number to exactly one of many cards racing for it from two processes", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const number = cardNumberFor(randomUUID());
      const ids = Array.from({ length: 8 }, () => randomUUID());
      const results = await Promise.allSettled(
        ids.map((id, i) => createCard(i % 2 ? ctx.a.store : ctx.b.store, merchant, id, number)),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results)
        if (r.status === "rejected") expect(r.reason).toBeInstanceOf(CardNumberTaken);
      const holder = await ctx.a.store.findCardByNumber(merchant.merchantId, number);
      expect(ids).toContain(holder?.id);
    });
  });
}
