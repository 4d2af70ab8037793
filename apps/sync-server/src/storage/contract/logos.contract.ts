import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { PreparedLogo } from "../../logos/logo-image";
import type { ContractContext } from "./harness";
import { newCard, newMerchant } from "./harness";

const PASS_TYPE = "pass.dev.stamp.loyalty";

/** A logo as prepareLogo makes it; the bytes only need to round-trip. */
function logo(mark: number): PreparedLogo {
  const png = (n: number) => new Uint8Array([0x89, 0x50, mark, n, 0, 255]);
  return {
    hash: mark.toString(16).padStart(64, "0"),
    source: "png",
    width: 800,
    height: 400,
    renditions: { logo: [png(1), png(2), png(3)], icon: [png(4), png(5), png(6)], square: png(7) },
  };
}

/** Programs' logos: put up, replaced, taken down, each a program version that re-versions passes. */
export function logosContract(ctx: ContractContext): void {
  describe("logos", () => {
    it("keeps a logo's renditions and saves the program as a new version that re-versions its passes", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const cardId = await newCard(ctx.a.store, merchant);
      expect(
        await ctx.a.wallet.register({
          deviceLibraryId: `device-${randomUUID()}`,
          passTypeId: PASS_TYPE,
          cardId,
          pushToken: "ab".repeat(32),
          createdAt: Date.now(),
        }),
      ).toBe("created");
      const before = await ctx.a.wallet.getPass(cardId);
      expect(await ctx.b.store.programLogo(merchant.program.id)).toBeNull();

      const first = logo(1);
      expect(
        await ctx.a.store.setProgramLogo(merchant.merchantId, merchant.program.id, first, 1000),
      ).toEqual({ kind: "changed", version: 2 });
      const stored = await ctx.b.store.programLogo(merchant.program.id);
      expect(stored).toEqual({ ...first, programId: merchant.program.id, createdAt: 1000 });
      expect(
        (await ctx.b.store.getProgram(merchant.merchantId, merchant.program.id))?.program,
      ).toEqual({ ...merchant.program, version: 2 });
      const after = await ctx.b.wallet.getPass(cardId);
      expect(after?.updateSeq).toBeGreaterThan(before?.updateSeq ?? Number.POSITIVE_INFINITY);
      expect(await ctx.b.wallet.pushJob(cardId)).toMatchObject({ status: "pending" });

      // The same file again: nothing to do, no new version, no push.
      expect(
        await ctx.b.store.setProgramLogo(merchant.merchantId, merchant.program.id, first, 2000),
      ).toEqual({ kind: "unchanged", version: 2 });
      expect((await ctx.a.wallet.getPass(cardId))?.updateSeq).toBe(after?.updateSeq);

      expect(
        await ctx.b.store.setProgramLogo(merchant.merchantId, merchant.program.id, logo(2), 3000),
      ).toEqual({ kind: "changed", version: 3 });
      expect((await ctx.a.store.programLogo(merchant.program.id))?.hash).toBe(logo(2).hash);

      expect(
        await ctx.a.store.setProgramLogo(merchant.merchantId, merchant.program.id, null, 4000),
      ).toEqual({ kind: "changed", version: 4 });
      expect(await ctx.b.store.programLogo(merchant.program.id)).toBeNull();
      expect(
        await ctx.a.store.setProgramLogo(merchant.merchantId, merchant.program.id, null, 5000),
      ).toEqual({ kind: "unchanged", version: 4 });
    });

    it("never touches another merchant's program", async () => {
      const owner = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      expect(
        await ctx.a.store.setProgramLogo(other.merchantId, owner.program.id, logo(3), 1000),
      ).toEqual({ kind: "not-found" });
      expect(await ctx.a.store.programLogo(owner.program.id)).toBeNull();
      expect(
        (await ctx.a.store.getProgram(owner.merchantId, owner.program.id))?.program.version,
      ).toBe(1);
    });

    it("gives concurrent uploads one version each, from two processes", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const changes = await Promise.all(
        [ctx.a, ctx.b, ctx.a, ctx.b].map((process, i) =>
          process.store.setProgramLogo(
            merchant.merchantId,
            merchant.program.id,
            logo(10 + i),
            1000,
          ),
        ),
      );
      expect(changes.map((change) => change.kind === "changed" && change.version).sort()).toEqual([
        2, 3, 4, 5,
      ]);
      const latest = changes.find((change) => change.kind === "changed" && change.version === 5);
      expect(latest).toBeDefined();
      expect(
        (await ctx.a.store.getProgram(merchant.merchantId, merchant.program.id))?.program.version,
      ).toBe(5);
    });
  });
}
