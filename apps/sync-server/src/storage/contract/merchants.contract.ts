import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { passesChangedOf, type ScopeChange } from "../scope-changes";
import { append, type ContractContext, EventMaker, newCard, newMerchant } from "./harness";

/** Merchants, locations and programs: scoped by merchant, programs saved one version at a time. */
export function merchantsContract(ctx: ContractContext): void {
  describe("merchants, locations, programs", () => {
    it("keeps a merchant with its location, program and server device, seen by every process", async () => {
      const merchant = await newMerchant(ctx.a.store, "Bakery");
      expect(await ctx.b.store.isEmpty()).toBe(false);
      expect(await ctx.b.store.getMerchant(merchant.merchantId)).toMatchObject({ name: "Bakery" });
      expect(await ctx.b.store.listLocations(merchant.merchantId)).toMatchObject([
        { id: merchant.locationId, name: "Main counter", staffPin: { iterations: 1 } },
      ]);
      expect(await ctx.b.store.findLocation(merchant.locationId)).toMatchObject({
        merchantId: merchant.merchantId,
      });
      expect(await ctx.b.store.getServerDevice(merchant.merchantId)).toEqual(merchant.serverDevice);
      const [program] = await ctx.b.store.listPrograms(merchant.merchantId);
      expect(program?.program).toEqual(merchant.program);
      expect(await ctx.b.store.slugTaken(program?.slug ?? "")).toBe(true);
      expect(await ctx.b.store.slugTaken(`free-${randomUUID()}`)).toBe(false);
    });

    it("lists every merchant's id, oldest first, to every process", async () => {
      const first = await newMerchant(ctx.a.store);
      const second = await newMerchant(ctx.b.store);
      const ids = await ctx.b.store.listMerchantIds();
      expect(ids.indexOf(first.merchantId)).toBeGreaterThanOrEqual(0);
      expect(ids.indexOf(second.merchantId)).toBeGreaterThan(ids.indexOf(first.merchantId));
    });

    it("never hands one merchant's location or program to another", async () => {
      const mine = await newMerchant(ctx.a.store);
      const theirs = await newMerchant(ctx.a.store);
      expect(await ctx.a.store.getLocation(theirs.merchantId, mine.locationId)).toBeNull();
      expect(await ctx.a.store.getProgram(theirs.merchantId, mine.program.id)).toBeNull();
      const pin = { salt: "bmV3", iterations: 2, hash: "bmV3aGFzaA" };
      expect(await ctx.a.store.setStaffPin(theirs.merchantId, mine.locationId, pin)).toBe(false);
      expect(await ctx.a.store.setStaffPin(mine.merchantId, mine.locationId, pin)).toBe(true);
      expect((await ctx.b.store.getLocation(mine.merchantId, mine.locationId))?.staffPin).toEqual(
        pin,
      );
      const location = {
        id: randomUUID(),
        merchantId: mine.merchantId,
        name: "Terrace",
        staffPin: pin,
        createdAt: Date.now() + 1,
        syncScope: "merchant" as const,
      };
      await ctx.a.store.createLocation(location);
      expect((await ctx.b.store.listLocations(mine.merchantId)).map((l) => l.name)).toEqual([
        "Main counter",
        "Terrace",
      ]);
      expect(await ctx.b.store.listLocations(theirs.merchantId)).toHaveLength(1);
      expect((await ctx.b.store.getLocation(mine.merchantId, location.id))?.syncScope).toBe(
        "merchant",
      );
    });

    it("keeps each location's sync scope, location by default, set only by its merchant", async () => {
      const mine = await newMerchant(ctx.a.store);
      const theirs = await newMerchant(ctx.a.store);
      expect((await ctx.b.store.getLocation(mine.merchantId, mine.locationId))?.syncScope).toBe(
        "location",
      );
      expect(await ctx.a.store.setSyncScope(theirs.merchantId, mine.locationId, "merchant")).toBe(
        false,
      );
      expect(await ctx.a.store.setSyncScope(mine.merchantId, mine.locationId, "merchant")).toBe(
        true,
      );
      expect((await ctx.b.store.listLocations(mine.merchantId))[0]?.syncScope).toBe("merchant");
    });

    it("tells its change feed of a program edit once committed: a change no scope sees, which wakes the push worker", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const heard: ScopeChange[] = [];
      const stop = ctx.a.changes.subscribe((change) => heard.push(change));
      try {
        const renamed = { ...merchant.program, name: "Coffee club", version: 2 };
        expect(await ctx.a.store.updateProgram(renamed, 1, Date.now())).toBe(true);
        expect(heard).toContainEqual(passesChangedOf(merchant.merchantId));
      } finally {
        stop();
      }
    });

    it("saves a program version only over the version it was edited from", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { program } = merchant;
      const renamed = { ...program, name: "Coffee club", version: 2 };
      expect(await ctx.a.store.updateProgram(renamed, 1, Date.now())).toBe(true);
      const late = { ...program, name: "Tea club", version: 2 };
      expect(await ctx.b.store.updateProgram(late, 1, Date.now())).toBe(false);
      expect(
        (await ctx.b.store.getProgram(merchant.merchantId, program.id))?.program,
      ).toMatchObject({
        name: "Coffee club",
        version: 2,
      });
      // Two editors at once from two processes: exactly one wins.
      const edits = await Promise.all(
        [ctx.a, ctx.b].map((p, i) =>
          p.store.updateProgram({ ...program, name: `Editor ${i}`, version: 3 }, 2, Date.now()),
        ),
      );
      expect(edits.filter(Boolean)).toHaveLength(1);
    });

    it("keeps the reward history itself, whatever an edit sends (stamp-core SPEC T2)", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { program } = merchant;
      const next = {
        ...program,
        version: 2,
        reward: { kind: "simple" as const, title: "Free cake" },
        rewardHistory: [{ untilVersion: 99, reward: { kind: "simple" as const, title: "Forged" } }],
      };
      expect(await ctx.a.store.updateProgram(next, 1, Date.now())).toBe(true);
      const saved = await ctx.b.store.getProgram(merchant.merchantId, program.id);
      expect(saved?.program.rewardHistory).toEqual([{ untilVersion: 1, reward: program.reward }]);
    });

    it("refolds the program's cards when the goal changes, in the edit's transaction", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const card = await newCard(ctx.a.store, merchant);
      await append(ctx.a.store, merchant, [new EventMaker(merchant).stamp(card, 5)]);
      const goal = { ...merchant.program, goal: 4, version: 2 };
      expect(await ctx.a.store.updateProgram(goal, 1, Date.now())).toBe(true);
      expect((await ctx.b.store.getCard(merchant.merchantId, card))?.state).toMatchObject({
        goal: 4,
        stamps: 1,
        cycles: 1,
        vouchers: [expect.objectContaining({ cycle: 1, status: "issued" })],
      });
      // Back to the old goal: the voucher the lower goal gave is gone again.
      expect(
        await ctx.a.store.updateProgram({ ...goal, goal: 10, version: 3 }, 2, Date.now()),
      ).toBe(true);
      expect((await ctx.b.store.getCard(merchant.merchantId, card))?.state).toMatchObject({
        stamps: 5,
        cycles: 0,
        vouchers: [],
      });
    });
  });
}
