import "../testing/fake-idb";
import type { Arrival, StampEvent } from "@stamp/core";
import { Dexie } from "dexie";
import { describe, expect, it } from "vitest";
import { syncOnce } from "../sync/sync-engine";
import { OTHER_DEVICE, stampEvent, T0 } from "../testing/fixtures";
import { countsAndScan } from "../testing/log-counts-scan";
import { placedIds } from "../testing/placed";
import { acceptingServer, testSyncDeps } from "../testing/sync-deps";
import { readCardRecords } from "./card-records";
import { openStampDb, SCHEMA_1, type StoredRow } from "./db";
import { countCards } from "./log-counts";

const A = "c0000000-0000-4000-8000-00000000000a";
const B = "c0000000-0000-4000-8000-00000000000b";
const C = "c0000000-0000-4000-8000-00000000000c";
/** Events per request of the sync that goes on after the upgrade. */
const BATCH = 20;

/** Opens `name` as schema 5 left it: one `stored` row per event. */
async function schema5(name: string): Promise<Dexie> {
  const old = new Dexie(name);
  old.version(1).stores(SCHEMA_1);
  old.version(2).stores({ snapshots: "cardId", stored: "id, cardId" });
  old.version(3).stores({ logCounts: "cardId, events" });
  old.version(4).stores({ logCounts: "cardId", logCountChanges: "++seq" });
  old.version(5).stores({ viewCards: "cardId" });
  await old.open();
  return old;
}

/**
 * A till midway through a backlog under schema 5: pulled events of A; B's compact tail, stored by
 * 40; own events acknowledged at 55 and 60; two acknowledged by an answer with more to pull
 * (unplaced); and 50 events still queued.
 */
async function tillMidBacklog(name: string) {
  const event = (i: number, cardId: string, device?: string) =>
    stampEvent(T0 + i, device ? { cardId, deviceId: device } : { cardId });
  const pulled = [0, 1, 2].map((i) => event(i, A, OTHER_DEVICE));
  const tail = [3, 4].map((i) => event(i, B, OTHER_DEVICE));
  const at55 = [event(5, A), event(6, B), event(7, A)];
  const at60 = [event(8, C)];
  const unplaced = [event(9, A), event(10, C)];
  const queued = Array.from({ length: 50 }, (_, i) => event(11 + i, [A, B, C][i % 3] as string));
  const logged = [...pulled, ...tail, ...at55, ...at60, ...unplaced, ...queued];
  const stored: StoredRow[] = [
    ...tail.map((e) => ({ id: e.id, cardId: e.cardId, by: 40 })),
    ...at55.map((e) => ({ id: e.id, cardId: e.cardId, by: 55 })),
    ...at60.map((e) => ({ id: e.id, cardId: e.cardId, by: 60 })),
  ];
  const old = await schema5(name);
  await Promise.all([
    old.table("log").bulkAdd(logged),
    old.table("logCounts").bulkAdd(countCards(logged.map((e) => e.cardId))),
    old.table("outbox").bulkAdd(queued),
    old.table("snapshots").add({ cardId: B, at: 40, snapshot: null }),
    old.table("stored").bulkAdd(stored),
    old.table("meta").bulkPut([
      { key: "cursor", value: "p60-l" },
      { key: "head", value: null },
      { key: "unplaced", value: unplaced.map((e) => e.id) },
    ]),
  ]);
  old.close();
  const arrivals = new Map<string, Arrival>([
    ...pulled.map((e) => [e.id, { kind: "pulled" }] as const),
    ...stored.map((row) => [row.id, { kind: "stored", by: row.by }] as const),
    ...[...unplaced, ...queued].map((e) => [e.id, { kind: "own" }] as const),
  ]);
  return { logged, queued, unplaced, stored, arrivals };
}

function arrivalsOf(records: Awaited<ReturnType<typeof readCardRecords>>): Map<string, Arrival> {
  return new Map(records.flatMap((r) => r.held.map((h) => [h.event.id, h.arrival] as const)));
}

describe("the schema upgrade to placements (schema 6)", () => {
  it("keeps a till's log, queue and what it knew stored, one placement per position", async () => {
    const till = await tillMidBacklog("placements-upgrade-kept");
    const db = openStampDb("relaxed", "placements-upgrade-kept");
    expect(await db.outbox.toArray()).toEqual(till.queued);
    expect(await db.log.orderBy("id").toArray()).toEqual(
      [...till.logged].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(await db.meta.get("cursor")).toEqual({ key: "cursor", value: "p60-l" });
    expect(await db.meta.get("unplaced")).toEqual({
      key: "unplaced",
      value: till.unplaced.map((e) => e.id),
    });
    // Positions 40, 55 and 60: three rows, each event named once.
    expect((await db.placements.toArray()).map((row) => row.by).sort()).toEqual([40, 55, 60]);
    const placed = await placedIds(db);
    expect([...placed.keys()].sort()).toEqual(till.stored.map((row) => row.id).sort());
    expect(new Set(placed.values())).toEqual(new Set([1]));
    // Every event arrived as schema 5 said it did.
    expect(arrivalsOf(await readCardRecords(db, [A, B, C]))).toEqual(till.arrivals);
    const { kept, scanned } = await countsAndScan(db);
    expect(kept).toEqual(scanned);
    db.close();
  });

  it("goes on with the backlog: every queued event sent once and placed once, with the unplaced", async () => {
    const till = await tillMidBacklog("placements-upgrade-sync");
    const db = openStampDb("relaxed", "placements-upgrade-sync");
    const sent: StampEvent[] = [];
    const accept = acceptingServer([], "p120-l", T0);
    const post = (request: Parameters<typeof accept>[0]) => {
      sent.push(...request.events);
      return accept(request);
    };

    expect(await syncOnce(testSyncDeps(db, post, { now: () => T0, batch: BATCH }))).toMatchObject({
      kind: "synced",
      pushed: till.queued.length,
    });
    expect(sent.map((e) => e.id).sort()).toEqual(till.queued.map((e) => e.id).sort());
    expect(await db.outbox.count()).toBe(0);
    expect(await db.meta.get("unplaced")).toBeUndefined();
    const placed = await placedIds(db);
    const own = [...till.unplaced, ...till.queued];
    expect([...placed.keys()].sort()).toEqual(
      [...till.stored.map((row) => row.id), ...own.map((e) => e.id)].sort(),
    );
    expect(new Set(placed.values())).toEqual(new Set([1]));
    const after = arrivalsOf(await readCardRecords(db, [A, B, C]));
    for (const event of own) expect(after.get(event.id)).toEqual({ kind: "stored", by: 120 });
    for (const row of till.stored) expect(after.get(row.id)).toEqual(till.arrivals.get(row.id));
    db.close();
  });
});
