import type { Program } from "@stamp/core";
import type { StampDb } from "../storage/db";
import { type PruneResult, pruneLog } from "../storage/log-prune";
import { classifyStorageError } from "../storage/storage-failure";
import type { Durable } from "../storage/storage-guard";
import { leaveOutOfView } from "../storage/view-leave";

/** How often a till that syncs folds its log behind snapshots. */
export const PRUNE_EVERY_MS = 6 * 60 * 60_000;
/**
 * This till's own events stay this long, so a server restored from a backup (taken daily) gets
 * them again when it answers `cursor-ahead`.
 */
export const OWN_KEPT_MS = 7 * 24 * 60 * 60_000;

export interface LogUpkeepDeps {
  readonly db: StampDb;
  readonly durable: Durable;
  readonly programs: (programId: string) => Program | undefined;
  readonly deviceId: string;
  readonly now: () => number;
  /** Cards that left the till (outside its view): the cards in memory forget them. */
  readonly left: (cardIds: readonly string[]) => void;
}

/**
 * Keeps the till's IndexedDB bounded (issue 16): its log is folded behind snapshots, and the cards
 * outside its view go once a view that narrowed was pulled anew (`leaveOutOfView`).
 */
export interface LogUpkeep {
  /**
   * After a sync that reached the server's head: lets the cards outside a narrowed view go, and
   * prunes, at most every `PRUNE_EVERY_MS`.
   */
  synced(): Promise<void>;
  /**
   * Runs `write`; when the disk is full, folds the log now — own events placed by the server
   * too, whatever their age — and tries once more. Still full: the failure goes to the caller,
   * which says nothing was saved.
   */
  withRoom<T>(write: () => Promise<T>): Promise<T>;
}

export function logUpkeep(deps: LogUpkeepDeps): LogUpkeep {
  let lastPrune = Number.NEGATIVE_INFINITY;
  let pruning: Promise<PruneResult | null> | null = null;
  const prune = (ownKeptSince: number) => {
    pruning ??= deps
      .durable(() => pruneLog(deps.db, deps.programs, { deviceId: deps.deviceId, ownKeptSince }))
      .catch(() => null)
      .finally(() => {
        pruning = null;
      });
    return pruning;
  };
  return {
    async synced() {
      // One read of a meta row when no view narrowed; a failure leaves the count for the next sync.
      const left = await deps.durable(() => leaveOutOfView(deps.db)).catch(() => []);
      if (left.length > 0) deps.left(left);
      const now = deps.now();
      if (now - lastPrune < PRUNE_EVERY_MS) return;
      lastPrune = now;
      await prune(now - OWN_KEPT_MS);
    },
    async withRoom(write) {
      try {
        return await write();
      } catch (error) {
        if (classifyStorageError(error).kind !== "quota") throw error;
        await pruning;
        await prune(Number.POSITIVE_INFINITY);
        return write();
      }
    },
  };
}
