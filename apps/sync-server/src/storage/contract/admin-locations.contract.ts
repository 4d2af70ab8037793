import { describe, expect, it } from "vitest";
import {
  type ContractContext,
  newCard,
  newLocation,
  newMerchant,
  newTill,
  tillCard,
} from "./harness";
import { newAdmin } from "./team.contract";

/** Managers tied to locations, and the cards that are customers of them (storage/card-within.ts). */
export function adminLocationsContract(ctx: ContractContext): void {
  describe("admin locations", () => {
    it("ties an account to its merchant's locations only, and forgets them with the account", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const south = await newLocation(ctx.a.store, merchant);
      const user = await newAdmin(ctx.a.store, merchant.merchantId, "manager");
      const { merchantId } = merchant;
      expect(await ctx.a.store.adminLocations(merchantId)).toEqual(new Map());
      expect(
        await ctx.a.store.setAdminLocations(merchantId, user.id, [south, merchant.locationId]),
      ).toBe("changed");
      expect((await ctx.b.store.adminLocations(merchantId)).get(user.id)).toEqual(
        [south, merchant.locationId].sort(),
      );
      // Another merchant's location, or an account of another merchant: nothing changes.
      expect(await ctx.b.store.setAdminLocations(merchantId, user.id, [other.locationId])).toBe(
        "unknown",
      );
      expect(
        await ctx.b.store.setAdminLocations(other.merchantId, user.id, [other.locationId]),
      ).toBe("unknown");
      expect((await ctx.a.store.adminLocations(merchantId)).get(user.id)).toHaveLength(2);
      expect(await ctx.a.store.adminLocations(other.merchantId)).toEqual(new Map());
      expect(await ctx.a.store.setAdminLocations(merchantId, user.id, [south])).toBe("changed");
      expect((await ctx.a.store.adminLocations(merchantId)).get(user.id)).toEqual([south]);
      expect(await ctx.a.store.removeAdmin(merchantId, user.id)).toBe("changed");
      expect(await ctx.a.store.adminLocations(merchantId)).toEqual(new Map());
    });

    it("finds only the customers of the given locations, and the cards of no location", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const north = merchant.locationId;
      const south = await newLocation(ctx.a.store, merchant);
      const northTill = await newTill(ctx.a.store, merchant, north);
      const southTill = await newTill(ctx.a.store, merchant, south);
      const atNorth = await tillCard(ctx.a.store, merchant, northTill);
      const atSouth = await tillCard(ctx.a.store, merchant, southTill);
      const onPhone = await newCard(ctx.a.store, merchant);
      // Stamped at both: a customer of each.
      const atBoth = await tillCard(ctx.a.store, merchant, northTill);
      await ctx.a.store.appendEvents({
        merchantId: merchant.merchantId,
        events: [southTill.stamp(atBoth)],
        admit: () => null,
        now: Date.now(),
      });
      const { merchantId } = merchant;
      const ids = (cards: readonly { id: string }[]) => cards.map((c) => c.id).sort();

      const recent = await ctx.b.store.listRecentCards(merchantId, 50, [north]);
      expect(ids(recent)).toEqual([atNorth, onPhone, atBoth].sort());
      expect(ids(await ctx.b.store.listRecentCards(merchantId, 50, [south]))).toEqual(
        [atSouth, onPhone, atBoth].sort(),
      );
      expect(ids(await ctx.b.store.listRecentCards(merchantId, 50, null))).toHaveLength(4);
      expect(ids(await ctx.b.store.listRecentCards(merchantId, 50, [north, south]))).toHaveLength(
        4,
      );

      expect(await ctx.b.store.getCardWithin(merchantId, atSouth, [north])).toBeNull();
      expect((await ctx.b.store.getCardWithin(merchantId, atSouth, [south]))?.id).toBe(atSouth);
      expect((await ctx.b.store.getCardWithin(merchantId, onPhone, [south]))?.id).toBe(onPhone);
      expect((await ctx.b.store.getCardWithin(merchantId, atBoth, [north]))?.id).toBe(atBoth);
      expect((await ctx.b.store.getCardWithin(merchantId, atSouth, null))?.id).toBe(atSouth);

      const found = await ctx.b.store.searchCustomers(merchantId, atSouth, null, 10, [north]);
      expect(found).toEqual([]);
      expect(
        ids(await ctx.b.store.searchCustomers(merchantId, atSouth, null, 10, [south])),
      ).toEqual([atSouth]);
    });
  });
}
