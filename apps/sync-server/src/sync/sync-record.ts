import type { DeviceRecord, DeviceSync } from "../storage/store";

/**
 * How old the recorded sync of a till that keeps pulling with nothing to send may get. An idle
 * till pulls up to once a second (held pulls, wire protocol `pull-wait`); writing each of those
 * rounds cost a commit apiece — most of an idle till's price — to move a "last seen" shown to the
 * minute and an R8 bound (stamp-core SPEC) by a second.
 */
export const IDLE_SYNC_RECORD_MS = 15_000;

/**
 * A skew that moved less than this is not worth a write: it is measured from when the server
 * handles the request, so queueing under load moves it by seconds; a clock counts as wrong from
 * two minutes (stamp-core `isSkewed`).
 */
const SKEW_STEP_MS = 5_000;

/**
 * Whether a round's sync must be written (`recordSync`): always when it pushed events; for a round
 * with nothing to send, only when the till's record says otherwise — it was not drained, is older
 * than IDLE_SYNC_RECORD_MS, or its clock skew moved. So the drained time R8 places events after is
 * at most IDLE_SYNC_RECORD_MS earlier than the till's last empty round, never later.
 */
export function syncNeedsRecord(device: DeviceRecord, sync: DeviceSync): boolean {
  if (!sync.drained) return true;
  const { lastSyncAt, drainedAt, lastSkewMs } = device;
  if (lastSyncAt === null || drainedAt !== lastSyncAt) return true;
  if (sync.now - lastSyncAt >= IDLE_SYNC_RECORD_MS || sync.now < lastSyncAt) return true;
  return (
    sync.skewMs !== null &&
    (lastSkewMs === null || Math.abs(sync.skewMs - lastSkewMs) >= SKEW_STEP_MS)
  );
}

/**
 * How often a till that holds a stream open (`held-stream.ts`) is recorded seen, not drained (its
 * response's timer: `held-stream-answer.ts`). Only its "last sync" reads it — the devices page,
 * shown to the minute, and the online tills' metric, synced within 2 minutes
 * (`TILL_ONLINE_WINDOW_MS`); R8 (stamp-core SPEC) reads the drained time, which a stream never
 * moves. At every 15 s (IDLE_SYNC_RECORD_MS) 980 streams wrote ~65 records a second, each a
 * transaction for SQLite's one writer (and on PostgreSQL a commit apiece) that the busy tills'
 * pushes queued behind (issue 16); at a minute ~16, each the same fresh as the display.
 */
export const STREAM_SEEN_RECORD_MS = 60_000;
