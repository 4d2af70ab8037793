import type { CardState, EarnError, HlcClock, StampEvent, StampRefusal } from "@stamp/core";
import { Dexie, type EntityTable } from "dexie";
import type { CardRefusal } from "../cards/card-check";
import type { VoucherScanOutcome } from "../cards/voucher-scan";
import type { DeviceConfig } from "../device/device-config";
import type { Mode, Settings } from "../device/settings";
import type { PinLockout } from "../staff/pin-lockout";
import type { SignedIn } from "../staff/signed-in";
import {
  COUNT_CHANGES,
  type CountChangeRow,
  countCards,
  LOG_COUNTS,
  type LogCountRow,
  logCounts,
} from "./log-counts";
import type { LoggedWrite } from "./log-writes";
import { placementRows } from "./placements";

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

/**
 * A card as compact state from the server (stamp-core SPEC CS1): the snapshot and the merchant's
 * log position `at` when the server read it. Null snapshot: the card is short, every event of it
 * this till holds is in `log`.
 */
export interface SnapshotRow {
  readonly cardId: string;
  readonly at: number;
  readonly snapshot: CardState | null;
  /**
   * The till folded it itself from a snapshot and events it held, all stored by `at`, and let those
   * events go (`storage/log-prune.ts`). A card read before `at` is not kept beside it: it may hold
   * events the fold lacks that the till cannot tell from the ones it folded.
   */
  readonly folded?: true;
}

/**
 * When the server had stored events this till holds, as far as the till knows (SPEC CS3): by log
 * position `by` (a compact card's tail, or own events one answer acknowledged), grouped by card —
 * `ids[i]` are card `cardIds[i]`'s. One row per answer or card, not per event (`placements.ts`).
 * An event of the log no row names was pulled (or held from before protocol 5); one in the outbox
 * or `unplaced` is this till's own, not known to be stored.
 */
export interface PlacementRow {
  readonly seq?: number;
  readonly by: number;
  readonly cardIds: readonly string[];
  readonly ids: readonly (readonly string[])[];
}

/** Schema 5's row of `stored`: one per event, replaced by `PlacementRow` in schema 6. */
export interface StoredRow {
  readonly id: string;
  readonly cardId: string;
  readonly by: number;
}

/** A card of the till's view, as a pull of it from the start named it. */
export interface ViewCardRow {
  readonly cardId: string;
}

/** Sync bookkeeping, one row per key. */
export type MetaRow =
  | { readonly key: "cursor"; readonly value: string | null }
  /**
   * The device's clock after the last event written, in any tab, how many event writes the log
   * has had and the cards of the last few (`log-writes.ts`; absent before sessions 31 and 32).
   */
  | {
      readonly key: "clock";
      readonly value: HlcClock;
      readonly writes?: number;
      readonly recent?: readonly LoggedWrite[];
    }
  /** Events refused for a wrong device clock, kept until the clock is right (SPEC H6). */
  | { readonly key: "held"; readonly value: readonly StampEvent[] }
  /** Who works the till (stamp-core SPEC V9): kept across reloads, so an update signs nobody out. */
  | { readonly key: "signedIn"; readonly value: SignedIn | null }
  | { readonly key: "pinLockout"; readonly value: PinLockout }
  /**
   * Own events the server acknowledged in an answer that had more to pull: stored, but the answer's
   * cursor does not say by when; the next answer with nothing more places them (`PlacementRow`).
   */
  | { readonly key: "unplaced"; readonly value: readonly string[] }
  /**
   * The log position of the last answer's cursor when it had nothing more to pull (null: it had):
   * the server had stored by then every event this till pulled or placed, and the till had pulled
   * its scope up to it. What the log prune folds up to.
   */
  | { readonly key: "head"; readonly value: number | null }
  /**
   * The till's view narrowed (`viewNarrowed`): it pulls its view from the start, counting the
   * cards it is sent into `viewCards` (`pulling`); once the pull reached the server's head
   * (`complete`), the cards it holds outside them may go (`view-leave.ts`). Absent: no such pull.
   */
  | { readonly key: "census"; readonly value: "pulling" | "complete" }
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
  /**
   * The events this device holds: its own, the ones pulled from the server and compact cards'
   * tails. Before protocol 5 (schema 1) every event of every card it held.
   */
  log: EntityTable<StampEvent, "id">;
  /** Cards as compact state (stamp-core SPEC CS1), one row per card that has one. */
  snapshots: EntityTable<SnapshotRow, "cardId">;
  placements: EntityTable<PlacementRow, "seq">;
  /**
   * Per card, how many events `log` holds: kept by the `logCounts` middleware, never written here.
   * Schema 3 indexed `events`; schema 4 does not. With `logCountChanges`: `held-counts.ts`.
   */
  logCounts: EntityTable<LogCountRow, "cardId">;
  /** Each log write's change to the counts, until the fold settles them into `logCounts`. */
  logCountChanges: EntityTable<CountChangeRow, "seq">;
  rejected: EntityTable<RejectedEvent, "id">;
  /** The cards a pull of the till's view from the start was sent (`MetaRow` `census`). */
  viewCards: EntityTable<ViewCardRow, "cardId">;
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

/** The first schema: protocol 4 and before, every card's whole history in `log`. */
export const SCHEMA_1 = {
  outbox: "id",
  log: "id, cardId",
  rejected: "id, rejectedAt",
  meta: "key",
  config: "key",
  scans: "++seq, at",
} as const;

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
  db.version(1).stores(SCHEMA_1);
  // Protocol 5 (compact cards): two new stores, nothing rewritten. A till's whole histories are
  // compact cards with no snapshot (CS1), its outbox and log stay as they are, and every logged
  // event not in the outbox was stored by the server before any snapshot it will be sent (CS3).
  db.version(2).stores({ snapshots: "cardId", stored: "id, cardId" });
  // Issue 16: each card's event count, indexed, so a fold finds its cards without reading the
  // log's card index. Counted from the log once; from then on in every write's transaction.
  db.version(3)
    .stores({ [LOG_COUNTS]: "cardId, events" })
    .upgrade(async (tx) => {
      const cardIds = (await tx.table("log").orderBy("cardId").keys()) as string[];
      await tx.table(LOG_COUNTS).bulkAdd(countCards(cardIds));
    });
  // Issue 16, the counts' costs in Chromium (bench/log-size-chromium.ts, 60 days): no index on
  // `events` — Chromium keeps a rewritten indexed row's old entry until a sweep, ~1 MB of LevelDB
  // at a count rewritten by every log write; and a write adds its change to `logCountChanges`
  // instead of reading and rewriting its cards' counts (a page of 25 events wrote ~2.5x slower).
  db.version(4).stores({ [LOG_COUNTS]: "cardId", [COUNT_CHANGES]: "++seq" });
  // Issue 16: a till whose view narrowed lets the cards outside it go (`view-leave.ts`).
  db.version(5).stores({ viewCards: "cardId" });
  // The kiosk bench's backlog: a row per acknowledged event was 1,000 requests per answer. Each
  // position's rows become one placement; the outbox, `unplaced` and the cursor stay as they are,
  // so a till midway through a backlog goes on from where it was.
  db.version(6)
    .stores({ stored: null, placements: "++seq, *cardIds" })
    .upgrade(async (tx) => {
      const rows = (await tx.table("stored").toArray()) as StoredRow[];
      const byPosition = new Map<number, StoredRow[]>();
      for (const row of rows) {
        const same = byPosition.get(row.by);
        if (same) same.push(row);
        else byPosition.set(row.by, [row]);
      }
      await tx
        .table("placements")
        .bulkAdd([...byPosition].flatMap(([by, events]) => placementRows(by, events)));
    });
  db.use(logCounts);
  return db;
}
