import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { DeviceStore, NewDevice, PairingClaim } from "../store";
import type { PgEventLog } from "./event-log";
import type { PgContext } from "./pg-context";
import * as t from "./schema";

/** Devices, pairing and sync rounds on PostgreSQL. */
export function pgDevices({ db, query, transaction }: PgContext, log: PgEventLog): DeviceStore {
  return {
    async countDevices() {
      const [row] = await query<{ active: number; revoked: number }>(
        "devices-count",
        `SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS active,
           count(revoked_at)::int AS revoked FROM devices WHERE kind = 'client'`,
        [],
      );
      return { active: row?.active ?? 0, revoked: row?.revoked ?? 0 };
    },

    async createPairingCode(code) {
      await db.insert(t.pairingCodes).values(code);
    },

    async claimPairingCode(code, device) {
      return transaction(async ({ db: tx }): Promise<PairingClaim> => {
        const [claimed] = await tx
          .update(t.pairingCodes)
          .set({ usedAt: device.createdAt, deviceId: device.id })
          .where(
            and(
              eq(t.pairingCodes.code, code),
              isNull(t.pairingCodes.usedAt),
              gt(t.pairingCodes.expiresAt, device.createdAt),
            ),
          )
          .returning();
        if (!claimed) {
          const [row] = await tx.select().from(t.pairingCodes).where(eq(t.pairingCodes.code, code));
          if (!row) return { ok: false, reason: "unknown" };
          return { ok: false, reason: row.usedAt === null ? "expired" : "used" };
        }
        const scoped: NewDevice = {
          ...device,
          merchantId: claimed.merchantId,
          locationId: claimed.locationId,
          kind: "client",
        };
        await tx.insert(t.devices).values(scoped);
        return {
          ok: true,
          device: { ...scoped, revokedAt: null, lastSyncAt: null, lastSkewMs: null },
        };
      });
    },

    async getDevice(deviceId) {
      const [row] = await db.select().from(t.devices).where(eq(t.devices.id, deviceId));
      return row ?? null;
    },

    async getServerDevice(merchantId) {
      const [row] = await db
        .select()
        .from(t.devices)
        .where(and(eq(t.devices.merchantId, merchantId), eq(t.devices.kind, "server")));
      if (!row) throw new Error(`merchant ${merchantId} has no server device`);
      return row;
    },

    async listDevices(merchantId) {
      return db
        .select()
        .from(t.devices)
        .where(and(eq(t.devices.merchantId, merchantId), eq(t.devices.kind, "client")))
        .orderBy(desc(t.devices.createdAt));
    },

    async revokeDevice(merchantId, deviceId, now) {
      const revoked = await db
        .update(t.devices)
        .set({ revokedAt: now })
        .where(
          and(
            eq(t.devices.id, deviceId),
            eq(t.devices.merchantId, merchantId),
            eq(t.devices.kind, "client"),
            isNull(t.devices.revokedAt),
          ),
        )
        .returning({ id: t.devices.id });
      return revoked.length === 1;
    },

    async recordSync(sync, batch) {
      return transaction(async (tx) => {
        const outcomes = batch ? await log.append(tx, batch) : [];
        await tx.query(
          "device-synced",
          `UPDATE devices SET last_sync_at = $2, last_skew_ms = coalesce($3, last_skew_ms)
           WHERE id = $1`,
          [sync.deviceId, sync.now, sync.skewMs],
        );
        return outcomes;
      });
    },
  };
}
