import { importCardCodeKeys, type Program, type StampEvent } from "@stamp/core";
import type { CardVerifier } from "../cards/card-check";
import { CardLedger } from "../cards/card-ledger";
import { platformSubtle } from "../cards/platform-subtle";
import type { DeviceConfig } from "../device/device-config";
import { parseServerConfig } from "../device/device-config";
import { saveDevice } from "../storage/config-store";
import type { ScanRecord } from "../storage/db";
import { type EventDraft, writeEvents } from "../storage/event-writer";
import { keepRecentScans } from "../storage/scan-log";
import { type SyncController, startSync } from "../sync/sync-controller";
import type { Runtime } from "./runtime";

/** Everything that depends on being paired: the card ledger, the verifier and the sync loop. */
export interface Session {
  readonly device: DeviceConfig;
  readonly programs: ReadonlyMap<string, Program>;
  readonly verifier: CardVerifier;
  readonly ledger: CardLedger;
  readonly sync: SyncController | null;
  /** Durable first: resolves only once the events are in the outbox and the local log. */
  record(drafts: readonly EventDraft[]): Promise<StampEvent[]>;
  /** One line of the recent-scans list, whatever the outcome. */
  noteScan(scan: Omit<ScanRecord, "seq">): Promise<void>;
  /** Fetches programs, keys and PIN again (a card of a new program, or hourly). */
  refreshConfig(): Promise<void>;
  dispose(): void;
}

const REFRESH_EVERY_MS = 60 * 60_000;
const LOG_CHANNEL = "stamp-log";

export async function openSession(runtime: Runtime, device: DeviceConfig): Promise<Session> {
  const { db, durable } = runtime;
  const programs = new Map(device.programs.map((p) => [p.id, p] as const));
  const subtle = platformSubtle();
  const verifier: CardVerifier = {
    keyring: await importCardCodeKeys(device.jwks, subtle),
    merchantId: device.merchant.id,
    programs,
    subtle,
  };
  const ledger = new CardLedger(
    (cardId) => durable(() => db.log.where("cardId").equals(cardId).toArray()),
    programs,
  );
  // Other tabs write to the same log; they say so and we refold from IndexedDB.
  const channel =
    typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(LOG_CHANNEL);
  if (channel) channel.onmessage = () => ledger.forgetAll();
  const announce = () => channel?.postMessage("changed");

  let refreshing: Promise<void> | null = null;
  const refreshConfig = (): Promise<void> => {
    refreshing ??= (async () => {
      const result = await runtime.api.me(device.token);
      if (result.kind === "error" && result.status === 401) return markUnpaired();
      if (result.kind !== "ok") return;
      const parsed = parseServerConfig(result.body);
      if (!parsed.ok) return;
      const next: DeviceConfig = {
        ...device,
        ...parsed.config,
        deviceId: device.deviceId,
        refreshedAt: Date.now(),
      };
      await durable(() => saveDevice(db, next));
      runtime.device.set(next);
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  const markUnpaired = async (): Promise<void> => {
    const next = { ...device, unpairedAt: Date.now() };
    await durable(() => saveDevice(db, next));
    runtime.device.set(next);
  };

  const sync =
    device.unpairedAt === undefined
      ? startSync({
          db,
          durable,
          api: runtime.api,
          deviceId: device.deviceId,
          token: device.token,
          onPulled: (events) => {
            ledger.ingest(events);
            announce();
            if (events.some((e) => !programs.has(e.programId))) void refreshConfig();
          },
          onRejected: () => {
            ledger.forgetAll();
            announce();
          },
          onSynced: () => {
            if (Date.now() - device.refreshedAt > REFRESH_EVERY_MS) void refreshConfig();
          },
          onUnpaired: () => void markUnpaired(),
        })
      : null;

  return {
    device,
    programs,
    verifier,
    ledger,
    sync,
    async record(drafts) {
      const events = await durable(() =>
        writeEvents(
          db,
          { deviceId: device.deviceId, merchantId: device.merchant.id },
          drafts,
          Date.now(),
        ),
      );
      ledger.ingest(events);
      announce();
      sync?.trigger("event");
      return events;
    },
    noteScan: (scan) => durable(() => keepRecentScans(db, scan)),
    refreshConfig,
    dispose() {
      sync?.dispose();
      channel?.close();
    },
  };
}
