import type { RejectedEvent, ScanRecord, StampDb } from "./db";

// Queries the screens watch live; module-level so their identity is stable across renders.

export const outboxCount = (db: StampDb): Promise<number> => db.outbox.count();

/**
 * The outbox count is paced (`usePacedLiveQuery`): IndexedDB counts a store by reading it, ~15–55 ms
 * for a backlog of 50,000 in Chromium, and every answer of its sync changed it. A second is the
 * longest the count waits (a backlog's); a few stamps' count follows at once.
 */
export const OUTBOX_COUNT_PACE = { tables: ["outbox"], ms: 1_000 } as const;

export const rejectedCount = (db: StampDb): Promise<number> => db.rejected.count();

/** Events kept back for a wrong device clock (SPEC H6). */
export const heldCount = async (db: StampDb): Promise<number> => {
  const row = await db.meta.get("held");
  return row?.key === "held" ? row.value.length : 0;
};

export const rejectedNewestFirst = (db: StampDb): Promise<RejectedEvent[]> =>
  db.rejected.orderBy("rejectedAt").reverse().toArray();

export const lastSync = async (
  db: StampDb,
): Promise<{ readonly at: number; readonly skewMs: number | null } | null> => {
  const row = await db.meta.get("lastSync");
  return row?.key === "lastSync" ? row.value : null;
};

export const latestScans = (db: StampDb): Promise<ScanRecord[]> =>
  db.scans.orderBy("seq").reverse().limit(12).toArray();
