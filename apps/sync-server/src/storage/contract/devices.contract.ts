import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_OPEN_PAIRING_CODES_PER_LOCATION, PAIRING_CODE_RETENTION_MS } from "../stored-bounds";
import { type ContractContext, newMerchant, newTill } from "./harness";

/** Pairing codes claimed once, devices scoped to their merchant, sync rounds recorded. */
export function devicesContract(ctx: ContractContext): void {
  describe("devices and pairing", () => {
    const device = () => ({
      id: randomUUID(),
      name: "Till",
      mode: "staff",
      createdAt: Date.now(),
    });

    it("pairs one device per code, even when two processes claim it at once", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const now = Date.now();
      const code = `P${randomUUID().slice(0, 8)}`;
      await ctx.a.store.createPairingCode({
        code,
        merchantId: merchant.merchantId,
        locationId: merchant.locationId,
        createdAt: now,
        expiresAt: now + 60_000,
      });
      const claims = await Promise.all([
        ctx.a.store.claimPairingCode(code, device()),
        ctx.b.store.claimPairingCode(code, device()),
      ]);
      const won = claims.filter((c) => c.ok);
      expect(won).toHaveLength(1);
      expect(claims.find((c) => !c.ok)).toEqual({ ok: false, reason: "used" });
      const paired = won[0]?.ok ? won[0].device : null;
      expect(paired).toMatchObject({
        merchantId: merchant.merchantId,
        locationId: merchant.locationId,
        kind: "client",
        revokedAt: null,
      });
      expect(await ctx.b.store.getDevice(paired?.id ?? "")).toEqual(paired);
      expect(await ctx.a.store.listDevices(merchant.merchantId)).toEqual([paired]);
      expect(await ctx.a.store.claimPairingCode("NOPE", device())).toEqual({
        ok: false,
        reason: "unknown",
      });
    });

    it("refuses an expired code", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const code = `E${randomUUID().slice(0, 8)}`;
      const now = Date.now();
      await ctx.a.store.createPairingCode({
        code,
        merchantId: merchant.merchantId,
        locationId: merchant.locationId,
        createdAt: now - 120_000,
        expiresAt: now - 60_000,
      });
      expect(await ctx.a.store.claimPairingCode(code, device())).toEqual({
        ok: false,
        reason: "expired",
      });
    });

    it("revokes a device of the merchant once, and never another merchant's", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const counted = await ctx.a.store.countDevices(0);
      const code = `R${randomUUID().slice(0, 8)}`;
      await ctx.a.store.createPairingCode({
        code,
        merchantId: merchant.merchantId,
        locationId: merchant.locationId,
        createdAt: Date.now(),
        expiresAt: Date.now() + 60_000,
      });
      const claim = await ctx.a.store.claimPairingCode(code, device());
      if (!claim.ok) throw new Error("not paired");
      const id = claim.device.id;
      expect(await ctx.a.store.revokeDevice(other.merchantId, id, Date.now())).toBe(false);
      expect(await ctx.a.store.revokeDevice(merchant.merchantId, id, Date.now())).toBe(true);
      expect(await ctx.b.store.revokeDevice(merchant.merchantId, id, Date.now())).toBe(false);
      // The server device is not a till: it cannot be revoked.
      const server = merchant.serverDevice.id;
      expect(await ctx.a.store.revokeDevice(merchant.merchantId, server, Date.now())).toBe(false);
      expect((await ctx.b.store.getDevice(id))?.revokedAt).not.toBeNull();
      // Tills only: the merchants' server devices are not counted.
      expect(await ctx.b.store.countDevices(0)).toEqual({
        ...counted,
        revoked: counted.revoked + 1,
      });
    });

    it("counts the active tills that synced since a time", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { deviceId } = await newTill(ctx.a.store, merchant);
      // Far ahead of every other test's syncs, so the counts here are this till's alone.
      const at = Date.parse("2999-01-01");
      const before = await ctx.a.store.countDevices(at);
      await ctx.a.store.recordSync({ deviceId, now: at, skewMs: null, drained: false }, null);
      expect(await ctx.b.store.countDevices(at)).toEqual({ ...before, synced: before.synced + 1 });
      expect((await ctx.b.store.countDevices(at + 1)).synced).toBe(before.synced);
      await ctx.a.store.revokeDevice(merchant.merchantId, deviceId, Date.now());
      expect((await ctx.b.store.countDevices(at)).synced).toBe(before.synced);
    });

    it("records when a device synced, its clock skew (no skew keeps the last one) and when it had nothing left to send", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const id = merchant.serverDevice.id;
      await ctx.a.store.recordSync({ deviceId: id, now: 1_000, skewMs: -250, drained: true }, null);
      await ctx.b.store.recordSync(
        { deviceId: id, now: 2_000, skewMs: null, drained: false },
        null,
      );
      expect(await ctx.a.store.getDevice(id)).toMatchObject({
        lastSyncAt: 2_000,
        lastSkewMs: -250,
        drainedAt: 1_000,
      });
    });

    it("keeps at most 10 pairing codes waiting per location, also when two processes add at once, and forgets old ones", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const now = Date.now();
      const code = (i: number, createdAt = now) => ({
        code: `B${i}${randomUUID().slice(0, 8)}`,
        merchantId: merchant.merchantId,
        locationId: merchant.locationId,
        createdAt,
        expiresAt: createdAt + 15 * 60_000,
      });
      const codes = Array.from({ length: 15 }, (_, i) => code(i));
      const kept = await Promise.all(
        codes.map((c, i) => (i % 2 === 0 ? ctx.a : ctx.b).store.createPairingCode(c)),
      );
      expect(kept.filter(Boolean)).toHaveLength(MAX_OPEN_PAIRING_CODES_PER_LOCATION);
      // A used code no longer waits: room for one more.
      const used = codes[kept.indexOf(true)];
      expect((await ctx.a.store.claimPairingCode(used?.code ?? "", device())).ok).toBe(true);
      expect(await ctx.b.store.createPairingCode(code(20))).toBe(true);
      expect(await ctx.b.store.createPairingCode(code(21))).toBe(false);
      // Once they expire, new ones are made again; a day after, they are forgotten.
      const later = now + 16 * 60_000;
      expect(await ctx.a.store.createPairingCode(code(22, later))).toBe(true);
      expect(await ctx.a.store.claimPairingCode(used?.code ?? "", device())).toEqual({
        ok: false,
        reason: "used",
      });
      const dayAfter = now + 15 * 60_000 + PAIRING_CODE_RETENTION_MS + 1;
      expect(await ctx.a.store.createPairingCode(code(23, dayAfter))).toBe(true);
      expect(await ctx.a.store.claimPairingCode(used?.code ?? "", device())).toEqual({
        ok: false,
        reason: "unknown",
      });
    });
  });
}
