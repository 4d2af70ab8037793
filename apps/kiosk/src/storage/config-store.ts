import type { DeviceConfig } from "../device/device-config";
import type { Settings } from "../device/settings";
import type { StampDb } from "./db";

export async function loadDevice(db: StampDb): Promise<DeviceConfig | null> {
  const row = await db.config.get("device");
  return row?.key === "device" ? row.value : null;
}

export async function saveDevice(db: StampDb, device: DeviceConfig): Promise<void> {
  await db.config.put({ key: "device", value: device });
}

export async function loadSettings(db: StampDb): Promise<Settings | null> {
  const row = await db.config.get("settings");
  return row?.key === "settings" ? row.value : null;
}

export async function saveSettings(db: StampDb, settings: Settings): Promise<void> {
  await db.config.put({ key: "settings", value: settings });
}

/** Pairing a (new) device: its config and mode, with a fresh cursor for the merchant's log. */
export async function storePairing(
  db: StampDb,
  device: DeviceConfig,
  settings: Settings,
  sameMerchant: boolean,
): Promise<void> {
  await db.transaction(
    "rw",
    [db.config, db.meta, db.log, db.snapshots, db.placements],
    async () => {
      await db.config.bulkPut([
        { key: "device", value: device },
        { key: "settings", value: settings },
      ]);
      if (!sameMerchant) {
        // Another merchant's cards must not mix with this one's; the outbox stays until it is sent.
        await Promise.all([
          db.log.clear(),
          db.snapshots.clear(),
          db.placements.clear(),
          db.meta.delete("cursor"),
          db.meta.delete("head"),
          db.meta.delete("unplaced"),
        ]);
      }
    },
  );
}

/**
 * Unpairing wipes the device: its token, the log and any events never sent (staff confirmed
 * losing them), so the next merchant starts clean. The language choice survives.
 */
export async function wipeDevice(db: StampDb): Promise<void> {
  await db.transaction(
    "rw",
    [
      db.config,
      db.meta,
      db.log,
      db.snapshots,
      db.placements,
      db.outbox,
      db.rejected,
      db.scans,
      db.viewCards,
    ],
    async () => {
      await Promise.all([
        db.config.delete("device"),
        db.meta.clear(),
        db.log.clear(),
        db.snapshots.clear(),
        db.placements.clear(),
        db.outbox.clear(),
        db.rejected.clear(),
        db.scans.clear(),
        db.viewCards.clear(),
      ]);
    },
  );
}
