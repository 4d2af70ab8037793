import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { columnsOf } from "../columns-of";
import * as t from "../schema";
import { movedScopes } from "../scope-changes";
import type {
  DeviceCounts,
  DeviceRecord,
  DeviceStore,
  DeviceSync,
  NewDevice,
  PairingClaim,
} from "../store";
import { MAX_OPEN_PAIRING_CODES_PER_LOCATION, PAIRING_CODE_RETENTION_MS } from "../stored-bounds";
import type { GroupCommit } from "./group-commit";
import type { SqliteContext } from "./sqlite-context";

/** Devices, pairing and sync rounds on SQLite; sync rounds share commits through `syncs`. */
export function sqliteDevices(
  { db, client, write, log, changes }: SqliteContext,
  syncs: GroupCommit,
): DeviceStore {
  // On the ingest path, so a prepared statement rather than the query builder.
  const synced = client.prepare<[Omit<DeviceSync, "drained"> & { drained: 0 | 1 }]>(
    `UPDATE devices SET last_sync_at = @now, last_skew_ms = coalesce(@skewMs, last_skew_ms),
       drained_at = CASE WHEN @drained = 1 THEN @now ELSE drained_at END
     WHERE id = @deviceId`,
  );
  // Every sync round reads its device: a statement prepared once, rows as drizzle names them.
  const byId = client.prepare<[{ deviceId: string }], DeviceRecord>(
    `SELECT ${columnsOf(t.devices, "devices")} FROM devices WHERE id = @deviceId`,
  );
  const counts = client.prepare<[{ syncedSince: number }], DeviceCounts>(
    `SELECT count(*) FILTER (WHERE revoked_at IS NULL) AS active,
            count(revoked_at) AS revoked,
            count(*) FILTER (WHERE revoked_at IS NULL AND last_sync_at >= @syncedSince) AS synced
     FROM devices WHERE kind = 'client'`,
  );
  const forgetPairingCodes = client.prepare<[number]>(
    "DELETE FROM pairing_codes WHERE expires_at < ?",
  );
  const openPairingCodes = client.prepare<[string, number], { n: number }>(
    `SELECT count(*) AS n FROM pairing_codes
     WHERE location_id = ? AND used_at IS NULL AND expires_at > ?`,
  );
  return {
    async countDevices(syncedSince) {
      return counts.get({ syncedSince }) as DeviceCounts;
    },

    async createPairingCode(code) {
      return write(() => {
        forgetPairingCodes.run(code.createdAt - PAIRING_CODE_RETENTION_MS);
        const open = openPairingCodes.get(code.locationId, code.createdAt)?.n ?? 0;
        if (open >= MAX_OPEN_PAIRING_CODES_PER_LOCATION) return false;
        db.insert(t.pairingCodes).values(code).run();
        return true;
      });
    },

    async claimPairingCode(code, device) {
      return write((): PairingClaim => {
        const claimed = db
          .update(t.pairingCodes)
          .set({ usedAt: device.createdAt, deviceId: device.id })
          .where(
            and(
              eq(t.pairingCodes.code, code),
              isNull(t.pairingCodes.usedAt),
              gt(t.pairingCodes.expiresAt, device.createdAt),
            ),
          )
          .returning()
          .get();
        if (!claimed) {
          const row = db.select().from(t.pairingCodes).where(eq(t.pairingCodes.code, code)).get();
          if (!row) return { ok: false, reason: "unknown" };
          return { ok: false, reason: row.usedAt === null ? "expired" : "used" };
        }
        const scoped: NewDevice = {
          ...device,
          merchantId: claimed.merchantId,
          locationId: claimed.locationId,
          kind: "client",
        };
        db.insert(t.devices).values(scoped).run();
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
      return byId.get({ deviceId }) ?? null;
    },

    async getServerDevice(merchantId) {
      const row = db
        .select()
        .from(t.devices)
        .where(and(eq(t.devices.merchantId, merchantId), eq(t.devices.kind, "server")))
        .get();
      if (!row) throw new Error(`merchant ${merchantId} has no server device`);
      return row;
    },

    async listDevices(merchantId): Promise<DeviceRecord[]> {
      return db
        .select()
        .from(t.devices)
        .where(and(eq(t.devices.merchantId, merchantId), eq(t.devices.kind, "client")))
        .orderBy(desc(t.devices.createdAt))
        .all();
    },

    async revokeDevice(merchantId, deviceId, now) {
      const result = db
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
        .returning({ locationId: t.devices.locationId })
        .get();
      if (!result) return false;
      // Its held pull reads its place again and is refused (`movedPage`).
      const scopes = movedScopes(result.locationId, null);
      changes.publish({ kind: "merchant", merchantId, scopes });
      return true;
    },

    recordSync(sync, batch) {
      return syncs.run(() => {
        synced.run({ ...sync, drained: sync.drained ? 1 : 0 });
        return batch ? log.append(batch) : [];
      });
    },
  };
}
