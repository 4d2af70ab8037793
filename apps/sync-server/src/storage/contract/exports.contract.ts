import { describe, expect, it } from "vitest";
import { append, type ContractContext, newCard, newMerchant, newTill } from "./harness";

const DAY = 86_400_000;

/** Exports read a merchant's cards and events page by page, in a stable order, theirs only. */
export function exportsContract(ctx: ContractContext): void {
  describe("exports", () => {
    it("page through the merchant's cards by id, and no other merchant's", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const cards = [];
      for (let i = 0; i < 5; i++) cards.push(await newCard(ctx.a.store, merchant));
      await newCard(ctx.a.store, other);
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await ctx.b.store.exportCards(merchant.merchantId, after, 2);
        seen.push(...page.map((card) => card.id));
        if (page.length < 2) break;
        after = page.at(-1)?.id ?? null;
      }
      expect(seen).toEqual([...cards].sort());
    });

    it("page through the events placed in a range, in log order, with the device's location", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const card = await newCard(ctx.a.store, merchant);
      const till = await newTill(ctx.a.store, merchant);
      const start = Date.now() + DAY;
      const placed = [];
      for (let day = 0; day < 6; day++) {
        const stamp = till.stamp(card, 1, start + day * DAY);
        await append(ctx.a.store, merchant, [stamp], start + day * DAY);
        placed.push(stamp.id);
      }
      const elsewhere = await newCard(ctx.a.store, other);
      await append(
        ctx.a.store,
        other,
        [(await newTill(ctx.a.store, other)).stamp(elsewhere, 1, start + DAY)],
        start + DAY,
      );

      // Days 1 to 4, from the start of day 1 up to (not including) the start of day 5.
      const range = { from: start + DAY, to: start + 5 * DAY };
      const seen = [];
      let after = 0;
      for (;;) {
        const page = await ctx.b.store.exportEvents(merchant.merchantId, range, after, 3);
        seen.push(...page);
        if (page.length < 3) break;
        after = page.at(-1)?.seq ?? 0;
      }
      expect(seen.map((row) => row.event.id)).toEqual(placed.slice(1, 5));
      expect(seen.map((row) => row.placedAt)).toEqual([1, 2, 3, 4].map((d) => start + d * DAY));
      expect(seen.every((row) => row.locationId === merchant.locationId)).toBe(true);
      const positions = seen.map((row) => row.seq);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
      // The server's own events (the enrolment) belong to no location.
      const all = await ctx.a.store.exportEvents(
        merchant.merchantId,
        { from: 0, to: Number.MAX_SAFE_INTEGER },
        0,
        100,
      );
      expect(all[0]).toMatchObject({ event: { type: "card.enrolled" }, locationId: null });
      expect(all).toHaveLength(7);
    });
  });
}
