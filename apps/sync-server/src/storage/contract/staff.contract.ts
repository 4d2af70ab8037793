import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type ContractContext, newMerchant } from "./harness";

const PIN = { kdf: "scrypt", N: 16384, r: 8, p: 1, salt: "c2FsdA", hash: "aGFzaA" } as const;

/** Staff who work the tills (stamp-core SPEC V9): personal PINs, locations, never forgotten. */
export function staffContract(ctx: ContractContext): void {
  describe("staff", () => {
    it("V9: a till gets the current staff of its location who have a PIN", async () => {
      const m = await newMerchant(ctx.a.store);
      const other = randomUUID();
      await ctx.a.store.createLocation({
        id: other,
        merchantId: m.merchantId,
        name: "Kiosk corner",
        staffPin: { salt: "c2FsdA", iterations: 1, hash: "aGFzaA" },
        createdAt: Date.now(),
        syncScope: "location",
      });
      const anna = randomUUID();
      const ben = randomUUID();
      const cleo = randomUUID();
      const base = { merchantId: m.merchantId, adminUserId: null, createdAt: Date.now() };
      await ctx.a.store.createStaff({
        ...base,
        id: anna,
        name: "Anna",
        phone: "+49 30 1234567",
        locationIds: [m.locationId],
        pin: PIN,
      });
      await ctx.a.store.createStaff({
        ...base,
        id: ben,
        name: "Ben",
        locationIds: [other],
        pin: PIN,
      });
      await ctx.a.store.createStaff({
        ...base,
        id: cleo,
        name: "Cleo",
        locationIds: [m.locationId],
        pin: null,
      });
      expect(await ctx.b.store.tillStaff(m.merchantId, m.locationId)).toEqual([
        { id: anna, name: "Anna", pin: PIN },
      ]);
      expect(
        (await ctx.b.store.listStaff(m.merchantId)).map((s) => [s.name, s.hasPin, s.phone]),
      ).toEqual([
        ["Anna", true, "+49 30 1234567"],
        ["Ben", true, null],
        ["Cleo", false, null],
      ]);
      expect(await ctx.b.store.setPersonalPin(m.merchantId, cleo, PIN)).toBe(true);
      expect((await ctx.b.store.tillStaff(m.merchantId, m.locationId)).map((s) => s.name)).toEqual([
        "Anna",
        "Cleo",
      ]);
    });

    it("V9: removed staff and locations taken away leave the till, yet their events still check", async () => {
      const m = await newMerchant(ctx.a.store);
      const anna = randomUUID();
      await ctx.a.store.createStaff({
        id: anna,
        merchantId: m.merchantId,
        name: "Anna",
        adminUserId: null,
        locationIds: [m.locationId],
        pin: PIN,
        createdAt: Date.now(),
      });
      expect(
        await ctx.a.store.updateStaff(m.merchantId, anna, { name: "Anna B.", locationIds: [] }, 1),
      ).toBe(true);
      expect(await ctx.b.store.tillStaff(m.merchantId, m.locationId)).toEqual([]);
      expect(await ctx.b.store.getStaff(m.merchantId, anna)).toMatchObject({
        locationIds: [],
        phone: null,
      });
      // A phone is set, and kept by a change that leaves it out.
      const phone = { name: "Anna B.", locationIds: [], phone: "030 1234567" };
      expect(await ctx.a.store.updateStaff(m.merchantId, anna, phone, 1)).toBe(true);
      expect(await ctx.b.store.knownStaff(m.merchantId, m.locationId, [anna])).toEqual(
        new Set([anna]),
      );
      await ctx.a.store.updateStaff(
        m.merchantId,
        anna,
        { name: "Anna B.", locationIds: [m.locationId] },
        2,
      );
      expect((await ctx.b.store.tillStaff(m.merchantId, m.locationId)).map((s) => s.id)).toEqual([
        anna,
      ]);
      expect((await ctx.b.store.getStaff(m.merchantId, anna))?.phone).toBe("030 1234567");
      expect(await ctx.a.store.removeStaff(m.merchantId, anna, 3)).toBe(true);
      expect(await ctx.b.store.getStaff(m.merchantId, anna)).toBeNull();
      expect(await ctx.b.store.tillStaff(m.merchantId, m.locationId)).toEqual([]);
      expect(await ctx.b.store.knownStaff(m.merchantId, m.locationId, [anna])).toEqual(
        new Set([anna]),
      );
      expect((await ctx.b.store.staffNames(m.merchantId)).get(anna)).toBe("Anna B.");
      expect(await ctx.a.store.removeStaff(m.merchantId, anna, 4)).toBe(false);
    });

    it("V9: another merchant's staff, locations and ids are never known or changed", async () => {
      const mine = await newMerchant(ctx.a.store);
      const theirs = await newMerchant(ctx.a.store);
      const anna = randomUUID();
      await ctx.a.store.createStaff({
        id: anna,
        merchantId: mine.merchantId,
        name: "Anna",
        adminUserId: null,
        // Their location is dropped: staff only ever work at their own merchant's locations.
        locationIds: [mine.locationId, theirs.locationId],
        pin: PIN,
        createdAt: Date.now(),
      });
      expect((await ctx.b.store.getStaff(mine.merchantId, anna))?.locationIds).toEqual([
        mine.locationId,
      ]);
      expect(await ctx.b.store.knownStaff(theirs.merchantId, theirs.locationId, [anna])).toEqual(
        new Set(),
      );
      expect(await ctx.b.store.knownStaff(mine.merchantId, theirs.locationId, [anna])).toEqual(
        new Set(),
      );
      expect(await ctx.b.store.getStaff(theirs.merchantId, anna)).toBeNull();
      expect(await ctx.b.store.setPersonalPin(theirs.merchantId, anna, null)).toBe(false);
      expect(await ctx.b.store.removeStaff(theirs.merchantId, anna, 1)).toBe(false);
      expect(
        await ctx.b.store.setStaffSignIn(theirs.merchantId, mine.locationId, {
          required: true,
          idleMinutes: 3,
        }),
      ).toBe(false);
    });

    it("links an admin account to one staff member at most, and keeps the location's sign-in setting", async () => {
      const m = await newMerchant(ctx.a.store);
      const account = randomUUID();
      const make = (id: string) =>
        ctx.a.store.createStaff({
          id,
          merchantId: m.merchantId,
          name: "Owner",
          adminUserId: account,
          locationIds: [m.locationId],
          pin: null,
          createdAt: Date.now(),
        });
      const first = randomUUID();
      expect(await make(first)).toBe(true);
      expect(await make(randomUUID())).toBe(false);
      expect((await ctx.b.store.staffOfAdmin(m.merchantId, account))?.id).toBe(first);
      expect((await ctx.b.store.getLocation(m.merchantId, m.locationId))?.staffSignIn).toEqual({
        required: false,
        idleMinutes: 5,
      });
      expect(
        await ctx.b.store.setStaffSignIn(m.merchantId, m.locationId, {
          required: true,
          idleMinutes: 15,
        }),
      ).toBe(true);
      expect((await ctx.a.store.getLocation(m.merchantId, m.locationId))?.staffSignIn).toEqual({
        required: true,
        idleMinutes: 15,
      });
    });
  });
}
