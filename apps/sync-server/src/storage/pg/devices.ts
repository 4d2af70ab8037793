import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { columnsOf } from "../columns-of";
import { movedScopes, type ScopeChanges } from "../scope-changes";
import type { DeviceCounts, DeviceStore, NewDevice, PairingClaim } from "../store";
import { MAX_OPEN_PAIRING_CODES_PER_LOCATION, PAIRING_CODE_RETENTION_MS } from "../stored-bounds";
import type { PgEventLog } from "./event-log";
import type { PgContext } from "./pg-context";
import * as t from "./schema";

/** A device's columns under drizzle's names, for the read every sync round makes (`getDevice`). */
const DEVICE_COLUMNS = columnsOf(t.devices, "devices");

/** A sync round's record (`recordSync`): when, the clock's skew, whether it had nothing left. */
const DEVICE_SYNCED = `UPDATE devices SET last_sync_at = $2, last_skew_ms = coalesce($3, last_skew_ms),
   drained_at = CASE WHEN $4 THEN $2 ELSE drained_at END
 WHERE id = $1`;

/** Devices, pairing and sync rounds on PostgreSQL. */
export function pgDevices(
  { db, query, read, transaction, holdRow }: PgContext,
  log: PgEventLog,
  committed: ScopeChanges,
): DeviceStore {
  return {
    async countDevices(syncedSince) {
      const [row] = await query<DeviceCounts>(
        "devices-count",
        `SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS active,
           count(revoked_at)::int AS revoked,
           count(*) FILTER (WHERE revoked_at IS NULL AND last_sync_at >= $1)::int AS synced
         FROM devices WHERE kind = 'client'`,
        [syncedSince],
      );
      return row ?? { active: 0, revoked: 0, synced: 0 };
    },

    async createPairingCode(code) {
      return transaction(async (tx) => {
        // The location's row, held: codes made at once are counted one after the other.
        await holdRow(tx, "locations", code.locationId);
        await tx.query("pairing-forget", "DELETE FROM pairing_codes WHERE expires_at < $1", [
          code.createdAt - PAIRING_CODE_RETENTION_MS,
        ]);
        const [open] = await tx.query<{ n: number }>(
          "pairing-open",
          `SELECT count(*)::int AS n FROM pairing_codes
           WHERE location_id = $1 AND used_at IS NULL AND expires_at > $2`,
          [code.locationId, code.createdAt],
        );
        if ((open?.n ?? 0) >= MAX_OPEN_PAIRING_CODES_PER_LOCATION) return false;
        await tx.db.insert(t.pairingCodes).values(code);
        return true;
      });
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
          device: {
            ...scoped,
            revokedAt: null,
            lastSyncAt: null,
            lastSkewMs: null,
            drainedAt: null,
          },
        };
      });
    },

    async getDevice(deviceId) {
      const [row] = await read<typeof t.devices.$inferSelect>(
        "device-get",
        `SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = $1`,
        [deviceId],
      );
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
        .returning({ locationId: t.devices.locationId });
      const [device] = revoked;
      if (!device) return false;
      // Its held pull, on any instance, reads its place again and is refused (`movedPage`).
      const scopes = movedScopes(device.locationId, null);
      committed.publish({ kind: "merchant", merchantId, scopes });
      return true;
    },

    async recordSync(sync, batch) {
      const synced = [sync.deviceId, sync.now, sync.skewMs, sync.drained];
      // A round that pushed nothing writes one row: a statement of its own, no transaction
      // around it (BEGIN and COMMIT were two more statements, COMMIT a round trip of its own).
      if (!batch) {
        await query("device-synced", DEVICE_SYNCED, synced);
        return [];
      }
      return transaction(async (tx) => {
        // Sent first, with the append's reads behind it (the connection pipelines), so the
        // append's hand-out of positions is the transaction's last step.
        const [, outcomes] = await Promise.all([
          tx.query("device-synced", DEVICE_SYNCED, synced),
          log.append(tx, batch, true),
        ]);
        return outcomes;
      });
    },
  };
}
