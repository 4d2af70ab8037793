import "../testing/fake-idb";
import type { StampEvent } from "@stamp/core";
import type { DBCoreMutateRequest } from "dexie";
import { describe, expect, it } from "vitest";
import { logUpkeep, OWN_KEPT_MS } from "../app/log-upkeep";
import { openStampDb, type StampDb } from "../storage/db";
import { DEVICE, makeProgram, OTHER_DEVICE, stampEvent, T0 } from "../testing/fixtures";
import { type FullDisk, fillableDisk } from "../testing/full-disk";
import { acceptingServer, testSyncDeps } from "../testing/sync-deps";
import { syncOnce } from "./sync-engine";

const program = makeProgram({ goal: 50 });
const NOW = T0 + OWN_KEPT_MS;
let databases = 0;

/** The answer's write: it stores the new cursor (with the pulled page, in one transaction). */
const storesCursor = (table: string, write: DBCoreMutateRequest) =>
  table === "meta" &&
  write.type === "put" &&
  write.values.some((row: { key?: unknown }) => row.key === "cursor");

/**
 * A till that pulled 20 stamps of one card up to the server's head 50, has one stamp of its own
 * to send, and a disk the test fills.
 */
async function till(): Promise<{ db: StampDb; disk: FullDisk; own: StampEvent }> {
  databases += 1;
  const db = openStampDb("relaxed", `sync-engine-${databases}`);
  const disk = fillableDisk(db, storesCursor);
  const pulled = Array.from({ length: 20 }, (_, i) =>
    stampEvent(T0 + i, { deviceId: OTHER_DEVICE }),
  );
  const own = stampEvent(NOW);
  await db.log.bulkAdd([...pulled, own]);
  await db.outbox.add(own);
  await db.meta.bulkPut([
    { key: "head", value: 50 },
    { key: "cursor", value: "p50-l" },
  ]);
  return { db, disk, own };
}

/** The server takes the till's stamp and sends one of another till's: its head is then 52. */
function sync(db: StampDb, heard: StampEvent[]) {
  const news = stampEvent(NOW + 1, { deviceId: OTHER_DEVICE });
  const upkeep = logUpkeep({
    db,
    durable: (operation) => operation(),
    programs: () => program,
    deviceId: DEVICE,
    now: () => NOW,
    left: () => {},
  });
  return {
    news,
    run: () =>
      syncOnce(
        testSyncDeps(db, acceptingServer([news], "p52-l", NOW), {
          withRoom: upkeep.withRoom,
          onPulled: (events) => heard.push(...events),
          now: () => NOW,
        }),
      ),
  };
}

const cursorOf = async (db: StampDb) => (await db.meta.get("cursor"))?.value;

describe("a sync on a full disk (issue 16)", () => {
  it("folds the log and stores the pulled page once more: the run syncs", async () => {
    const { db, disk, own } = await till();
    const heard: StampEvent[] = [];
    const { news, run } = sync(db, heard);
    disk.fullFor = 1;
    expect(await run()).toMatchObject({ kind: "synced", pushed: 1, pulled: 1 });
    expect(disk.fullFor).toBe(0);
    expect(await cursorOf(db)).toBe("p52-l");
    expect(await db.outbox.count()).toBe(0);
    // Folded behind a snapshot: 20 pulled stamps became a snapshot and its tail of 8.
    expect(await db.snapshots.count()).toBe(1);
    expect(await db.log.count()).toBe(8 + 2);
    expect(await db.log.bulkGet([own.id, news.id])).toEqual([own, news]);
    expect(heard).toEqual([news]);
  });

  it("stays full: the run ends as storage-full, keeps nothing of the answer, and a later run stores it once there is space", async () => {
    const { db, disk, own } = await till();
    const heard: StampEvent[] = [];
    const { news, run } = sync(db, heard);
    disk.fullFor = Number.POSITIVE_INFINITY;
    expect(await run()).toEqual({ kind: "storage-full" });
    expect(await cursorOf(db)).toBe("p50-l");
    expect(await db.outbox.toArray()).toEqual([own]);
    expect(await db.log.get(news.id)).toBeUndefined();
    expect(heard).toEqual([]);
    // Stamping goes on from what is stored: the till's own writes are not the answer's.
    await db.log.add(stampEvent(NOW + 2));

    disk.fullFor = 0;
    expect(await run()).toMatchObject({ kind: "synced", pushed: 1, pulled: 1 });
    expect(await cursorOf(db)).toBe("p52-l");
    expect(await db.outbox.count()).toBe(0);
    expect(await db.log.get(news.id)).toEqual(news);
    expect(heard).toEqual([news]);
  });

  it("leaves other storage failures to the caller", async () => {
    const { db } = await till();
    const { run } = sync(db, []);
    db.close();
    await expect(run()).rejects.toMatchObject({ name: "DatabaseClosedError" });
  });
});
