import type { EarnError, HlcClock, StampEvent, StampRefusal } from "@stamp/core";
import { Dexie, type EntityTable } from "dexie";
import type { CardRefusal } from "../cards/card-check";
import type { VoucherScanOutcome } from "../cards/voucher-scan";
import type { DeviceConfig } from "../device/device-config";
import type { Mode, Settings } from "../device/settings";
import type { PinLockout } from "../staff/pin-lockout";
import type { SignedIn } from "../staff/signed-in";

/** A pushed event the server refused for good: out of the outbox, kept to show staff why. */
export interface RejectedEvent {
  readonly id: string;
  readonly event: StampEvent;
  readonly code: string;
  readonly message: string;
  readonly rejectedAt: number;
}

export type ScanOutcome =
  | {
      readonly kind: "stamped";
      readonly count: number;
      readonly stamps: number;
      readonly goal: number;
    }
  | { readonly kind: "refused"; readonly reason: StampRefusal["code"] | EarnError["code"] }
  | { readonly kind: "invalid"; readonly reason: CardRefusal["kind"] }
  | { readonly kind: "voucher"; readonly outcome: VoucherScanOutcome; readonly reward: string };

/** One line of the "last scans" list. */
export interface ScanRecord {
  readonly seq?: number;
  readonly at: number;
  readonly mode: Mode;
  readonly cardId: string | null;
  readonly outcome: ScanOutcome;
}

/** Sync bookkeeping, one row per key. */
export type MetaRow =
  | { readonly key: "cursor"; readonly value: string | null }
  | { readonly key: "clock"; readonly value: HlcClock }
  /** Events refused for a wrong device clock, kept until the clock is right (SPEC H6). */
  | { readonly key: "held"; readonly value: readonly StampEvent[] }
  /** Who works the till (stamp-core SPEC V9): kept across reloads, so an update signs nobody out. */
  | { readonly key: "signedIn"; readonly value: SignedIn | null }
  | { readonly key: "pinLockout"; readonly value: PinLockout }
  | {
      readonly key: "lastSync";
      readonly value: { readonly at: number; readonly skewMs: number | null };
    };

export type ConfigRow =
  | { readonly key: "device"; readonly value: DeviceConfig }
  | { readonly key: "settings"; readonly value: Settings };

export type StampDb = Dexie & {
  /** Events made here and not yet acknowledged by the server. */
  outbox: EntityTable<StampEvent, "id">;
  /** Every event this device knows: its own and the ones pulled from the server. */
  log: EntityTable<StampEvent, "id">;
  rejected: EntityTable<RejectedEvent, "id">;
  meta: EntityTable<MetaRow, "key">;
  config: EntityTable<ConfigRow, "key">;
  scans: EntityTable<ScanRecord, "seq">;
};

export const DB_NAME = "stamp-kiosk";

/**
 * How hard a commit waits for the disk. Events are written "strict" (flushed before "done" is
 * shown). Sync bookkeeping — outbox removals, pulled events, the cursor — is "relaxed": all of it
 * is idempotent (a lost removal resends, a lost page is pulled again), and not flushing keeps it
 * from holding up the next scan's commit.
 */
export type Durability = "strict" | "relaxed";

/**
 * Opens the database. Every schema version stays declared here, oldest first, so a device that
 * skipped releases upgrades step by step instead of failing to open.
 */
export function openStampDb(durability: Durability, name = DB_NAME): StampDb {
  // No optimistic live-query cache: screens re-query after commits, and a scan's write stays lean.
  const db = new Dexie(name, {
    chromeTransactionDurability: durability,
    cache: "disabled",
  }) as StampDb;
  db.version(1).stores({
    outbox: "id",
    log: "id, cardId",
    rejected: "id, rejectedAt",
    meta: "key",
    config: "key",
    scans: "++seq, at",
  });
  return db;
}
