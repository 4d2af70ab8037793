import { importCardCodeKeys, type Program, type StampEvent } from "@stamp/core";
import {
  knownWalletLostReason,
  parseCardLookupAnswer,
  parseCardWalletAnswer,
  type WalletLostReason,
} from "@stamp/wire-protocol";
import type { CardVerifier } from "../cards/card-check";
import { CardLedger } from "../cards/card-ledger";
import type { CardNumberSources } from "../cards/card-number-check";
import type { RecordRead } from "../cards/card-record";
import { platformSubtle } from "../cards/platform-subtle";
import type { DeviceConfig } from "../device/device-config";
import { parseServerConfig, rotatingSecretsOf } from "../device/device-config";
import { holdsProgramOf } from "../device/program-copy";
import { openStaffSession, type StaffSession } from "../staff/staff-session";
import { localCardByNumber } from "../storage/card-by-number";
import { readCardRecordsFor, recordsByCard, recordsOf } from "../storage/card-records";
import { saveDevice } from "../storage/config-store";
import type { ScanRecord } from "../storage/db";
import { loadClock, loggedWrites } from "../storage/event-writer";
import { LogWrites } from "../storage/log-writes";
import { keepRecentScans } from "../storage/scan-log";
import { indexedDbStaffStorage } from "../storage/staff-sign-in-store";
import { type SyncController, startSync } from "../sync/sync-controller";
import { cardRefresh } from "./card-refresh";
import { type CardWrites, cardWrites } from "./card-writes";
import { DeviceClock } from "./device-clock";
import { logUpkeep } from "./log-upkeep";
import type { Runtime } from "./runtime";

/** Everything that depends on being paired: the card ledger, the verifier and the sync loop. */
export interface Session extends CardWrites {
  readonly device: DeviceConfig;
  readonly programs: ReadonlyMap<string, Program>;
  readonly verifier: CardVerifier;
  readonly ledger: CardLedger;
  readonly sync: SyncController | null;
  /** Who works the till: every event records them (stamp-core SPEC V9). */
  readonly staff: StaffSession;
  /** Where a typed card number is looked up: the local log, then the server. */
  readonly cardNumbers: CardNumberSources;
  /** One line of the recent-scans list, whatever the outcome. */
  noteScan(scan: Omit<ScanRecord, "seq">): Promise<void>;
  /** Fetches programs, keys and PIN again (a card of a new program, or hourly). */
  refreshConfig(): Promise<void>;
  /**
   * A scanned card this till holds nothing of (used outside its sync scope), or one whose snapshot
   * may lack an event of this till (SPEC CS5): fetched when online and kept beside what the till
   * holds. Never fails: offline the scan goes on from what the till knows.
   */
  fetchCard(cardId: string): Promise<void>;
  /**
   * The card's page to re-add it to a wallet, and why, when the server knows it no longer updates
   * on the customer's phone; null when it does, or offline (nothing to tell then).
   */
  walletLost(cardId: string): Promise<WalletLost | null>;
  dispose(): void;
}

/** A card that no longer updates on the phone: its page, and why (null: a reason this till does not know). */
export interface WalletLost {
  readonly cardUrl: string;
  readonly reason: WalletLostReason | null;
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
    rotatingSecrets: rotatingSecretsOf(device),
  };
  const ledger = new CardLedger(
    (cardId, begin) =>
      durable(() => readCardRecordsFor(db, [cardId], begin)).then(([read]) => read as RecordRead),
    programs,
  );
  const clock = new DeviceClock(await durable(() => loadClock(db, device.deviceId)));
  // Before memory reads the log: what it folds holds every write up to here.
  const writes = new LogWrites(await durable(() => loggedWrites(db)));
  const staff = await openStaffSession(indexedDbStaffStorage(db, durable), device);
  // Fold what the till holds in the background; scans meanwhile read their card from IndexedDB.
  void ledger.warmUp(recordsByCard(db)).catch(() => {});
  // Other tabs write to the same log; they say which cards changed and we read those again.
  const channel =
    typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(LOG_CHANNEL);
  if (channel)
    channel.onmessage = (message: MessageEvent<{ cards?: unknown; write?: unknown }>) => {
      const { cards, write } = message.data;
      if (Array.isArray(cards)) ledger.forget(cards.filter((c) => typeof c === "string"));
      if (typeof write === "number") {
        writes.heard(write);
        // Another tab stamped: if this one holds the sync lock, its events go up in this tab's
        // next round, which must not wait for its held stream (minutes long) to end.
        sync?.trigger("event");
      }
    };
  /** `write`: the number of the events' write (`LogWrites`), when this tab wrote them. */
  const announceCards = (cardIds: readonly string[], write?: number) =>
    channel?.postMessage(write === undefined ? { cards: cardIds } : { cards: cardIds, write });
  const announce = (events: readonly StampEvent[], write?: number) =>
    announceCards([...new Set(events.map((e) => e.cardId))], write);

  let refreshing: Promise<void> | null = null;
  const refreshConfig = (): Promise<void> => {
    refreshing ??= (async () => {
      const result = await runtime.api.me(device.token);
      if (result.kind === "error" && result.status === 401) return markUnpaired();
      if (result.kind === "outdated") return runtime.outdated.set(result.side);
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

  const upkeep = logUpkeep({
    db: runtime.syncDb,
    durable: runtime.syncDurable,
    programs: (id) => programs.get(id),
    deviceId: device.deviceId,
    now: () => Date.now(),
    left: (cardIds) => ledger.forget(cardIds),
  });

  const pulled = (events: readonly StampEvent[]) => {
    ledger.ingest(events, { kind: "pulled" });
    announce(events);
    const newest = events.reduce((max, e) => (e.hlc > max ? e.hlc : max), "");
    if (newest !== "") clock.observe(newest, Date.now());
  };

  const sync =
    device.unpairedAt === undefined
      ? startSync({
          db: runtime.syncDb,
          durable: runtime.syncDurable,
          withRoom: upkeep.withRoom,
          api: runtime.api,
          deviceId: device.deviceId,
          token: device.token,
          onPulled: (events) => {
            pulled(events);
            // A program this device has not seen, or a newer version of one (SPEC T4).
            if (events.some((e) => !holdsProgramOf(programs, e))) void refreshConfig();
          },
          onCards: (cardIds) => {
            // Folded again now rather than read by each card's next scan, which then only writes.
            // A failed read loses nothing: the cards stay doubtful, and their next scan reads them
            // in its own transaction (and reports a storage failure there, where a cashier sees it).
            void ledger.reread(cardIds, recordsOf(db, cardIds, ledger.begin)).catch(() => {});
            announceCards(cardIds);
          },
          onRejected: (events) => {
            ledger.forget(events.map((e) => e.cardId));
            announce(events);
          },
          onSynced: () => {
            if (Date.now() - device.refreshedAt > REFRESH_EVERY_MS) void refreshConfig();
            void refresh.settle();
            void upkeep.synced();
          },
          onUnpaired: () => void markUnpaired(),
          onOutdated: (side) => runtime.outdated.set(side),
        })
      : null;

  const refresh = cardRefresh({
    db,
    durable,
    ledger,
    get: (id) => runtime.api.cardEvents(device.token, id),
    announce: announceCards,
    pulled,
  });

  const writing = cardWrites({
    db,
    durable,
    withRoom: upkeep.withRoom,
    clock,
    now: () => Date.now(),
    writes,
    ledger,
    author: () => ({
      deviceId: device.deviceId,
      merchantId: device.merchant.id,
      staffId: staff.signedIn.get()?.staffId,
    }),
    written: (events, write) => {
      announce(events, write);
      sync?.trigger("event");
    },
  });

  return {
    device,
    programs,
    verifier,
    ledger,
    sync,
    staff,
    cardNumbers: {
      local: (number) => localCardByNumber(db, number),
      async remote(number) {
        const result = await runtime.api.card(device.token, number);
        // An answer that is not a card is the server's problem: staff can still scan the QR.
        if (result.kind === "ok") return parseCardLookupAnswer(result.body) ?? "unreachable";
        return result.kind === "error" && result.status === 404 ? null : "unreachable";
      },
    },
    ...writing,
    async walletLost(cardId) {
      const result = await runtime.api.cardWallet(device.token, cardId).catch(() => null);
      if (result?.kind !== "ok") return null;
      const answer = parseCardWalletAnswer(result.body);
      if (answer?.updates !== "lost") return null;
      return { cardUrl: answer.cardUrl, reason: knownWalletLostReason(answer.reason) };
    },
    noteScan: (scan) => durable(() => keepRecentScans(db, scan)),
    refreshConfig,
    fetchCard: (cardId) => (sync ? refresh.scanned(cardId) : Promise.resolve()),
    dispose() {
      sync?.dispose();
      channel?.close();
    },
  };
}
