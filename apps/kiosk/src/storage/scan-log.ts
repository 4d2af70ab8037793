import type { ScanRecord, StampDb } from "./db";

export const RECENT_SCANS = 50;

/** Appends a scan line and, every few scans, forgets all but the most recent ones. */
export async function keepRecentScans(db: StampDb, scan: Omit<ScanRecord, "seq">): Promise<void> {
  const seq = await db.scans.add(scan);
  if (typeof seq === "number" && seq % 10 === 0)
    await db.scans
      .where("seq")
      .belowOrEqual(seq - RECENT_SCANS)
      .delete();
}
