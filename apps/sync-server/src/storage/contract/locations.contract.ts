import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type ContractContext, newCard, newMerchant, newTill } from "./harness";

const REMINDER = { coordinates: { latitude: 52.52, longitude: 13.405 }, relevantText: null };

/** A merchant's locations renamed and removed: scoped, atomic against pairing, passes kept true. */
export function locationsContract(ctx: ContractContext): void {
  describe("locations: rename and remove", () => {
    const code = async (merchantId: string, locationId: string) => {
      const value = `C${randomUUID()}`;
      const now = Date.now();
      await ctx.a.store.createPairingCode({
        code: value,
        merchantId,
        locationId,
        createdAt: now,
        expiresAt: now + 60_000,
      });
      return value;
    };
    const pairWith = (value: string) =>
      ctx.b.store.claimPairingCode(value, {
        id: randomUUID(),
        name: "Till",
        mode: "staff",
        createdAt: Date.now(),
      });

    it("renames only the merchant's own location", async () => {
      const mine = await newMerchant(ctx.a.store);
      const theirs = await newMerchant(ctx.a.store);
      const now = Date.now();
      expect(await ctx.a.store.renameLocation(theirs.merchantId, mine.locationId, "X", now)).toBe(
        false,
      );
      expect(await ctx.a.store.renameLocation(mine.merchantId, mine.locationId, "Bar", now)).toBe(
        true,
      );
      expect((await ctx.b.store.getLocation(mine.merchantId, mine.locationId))?.name).toBe("Bar");
    });

    it("refuses to remove a location with a paired till, then removes it with its waiting codes once unpaired", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { merchantId, locationId } = merchant;
      const till = await newTill(ctx.a.store, merchant);
      const waiting = await code(merchantId, locationId);
      const other = await newMerchant(ctx.a.store);
      expect(await ctx.b.store.removeLocation(other.merchantId, locationId, Date.now())).toEqual({
        removed: false,
        reason: "not-found",
      });
      expect(await ctx.b.store.removeLocation(merchantId, locationId, Date.now())).toEqual({
        removed: false,
        reason: "devices-paired",
        devices: 1,
      });
      // Refused: nothing changed, the waiting code still pairs.
      expect(await ctx.a.store.getLocation(merchantId, locationId)).not.toBeNull();
      expect(await ctx.a.store.revokeDevice(merchantId, till.deviceId, Date.now())).toBe(true);
      const spare = await code(merchantId, locationId);
      expect((await pairWith(waiting)).ok).toBe(true);
      const [paired] = (await ctx.a.store.listDevices(merchantId)).filter(
        (d) => d.revokedAt === null && d.locationId === locationId,
      );
      await ctx.a.store.revokeDevice(merchantId, paired?.id ?? "", Date.now());

      expect(await ctx.b.store.removeLocation(merchantId, locationId, Date.now())).toEqual({
        removed: true,
      });
      expect(await ctx.a.store.getLocation(merchantId, locationId)).toBeNull();
      expect(await ctx.a.store.findLocation(locationId)).toBeNull();
      expect(await ctx.a.store.listLocations(merchantId)).toEqual([]);
      expect((await pairWith(spare)).ok).toBe(false);
      const pin = { salt: "bmV3", iterations: 2, hash: "bmV3aGFzaA" };
      expect(await ctx.a.store.setStaffPin(merchantId, locationId, pin)).toBe(false);
      expect(await ctx.a.store.renameLocation(merchantId, locationId, "Back", Date.now())).toBe(
        false,
      );
      expect(
        await ctx.a.wallet.setLocationReminder(merchantId, locationId, REMINDER, Date.now()),
      ).toBe(false);
      // The unpaired tills still name where they were.
      expect((await ctx.a.store.listDevices(merchantId)).map((d) => d.locationId)).toContain(
        locationId,
      );
    });

    it("never leaves a till paired at a removed location when pairing races the removal", async () => {
      for (let round = 0; round < 5; round++) {
        const merchant = await newMerchant(ctx.a.store);
        const value = await code(merchant.merchantId, merchant.locationId);
        const [claim, removal] = await Promise.all([
          pairWith(value),
          ctx.a.store.removeLocation(merchant.merchantId, merchant.locationId, Date.now()),
        ]);
        // Exactly one wins: a paired till and a kept location, or a removed one and no till.
        expect(claim.ok).toBe(!removal.removed);
        const active = (await ctx.a.store.listDevices(merchant.merchantId)).filter(
          (d) => d.revokedAt === null && d.locationId === merchant.locationId,
        );
        expect(active.length).toBe(removal.removed ? 0 : 1);
      }
    });

    it("re-versions passes when a placed location is renamed or removed, and drops its reminder", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const cardId = await newCard(ctx.a.store, merchant);
      const { merchantId, locationId } = merchant;
      const seq = async () => (await ctx.b.wallet.getPass(cardId))?.updateSeq ?? 0;
      expect(
        await ctx.a.wallet.setLocationReminder(merchantId, locationId, REMINDER, Date.now()),
      ).toBe(true);
      const placed = await seq();
      expect(await ctx.a.store.renameLocation(merchantId, locationId, "Terrace", Date.now())).toBe(
        true,
      );
      const renamed = await seq();
      expect(renamed).toBeGreaterThan(placed);
      expect((await ctx.b.wallet.placedLocations(merchantId)).map((l) => l.name)).toEqual([
        "Terrace",
      ]);
      expect((await ctx.a.store.removeLocation(merchantId, locationId, Date.now())).removed).toBe(
        true,
      );
      expect(await seq()).toBeGreaterThan(renamed);
      expect(await ctx.b.wallet.placedLocations(merchantId)).toEqual([]);
    });
  });
}
