import "../testing/fake-idb";
import { compactCard, foldCard, type StampEvent } from "@stamp/core";
import { Dexie } from "dexie";
import { describe, expect, it } from "vitest";
import { foldRecord } from "../cards/card-record";
import { CARD, makeProgram, stampEvent, T0 } from "../testing/fixtures";
import { countsAndScan } from "../testing/log-counts-scan";
import { readCardRecord } from "./card-records";
import { compactStores, storeCompactCard } from "./compact-store";
import { openStampDb, SCHEMA_1 } from "./db";

const program = makeProgram({ goal: 5 });
const programs = () => program;
let databases = 0;

/** A till's database as protocol 4 left it: whole histories in the log, own events queued. */
async function protocol4Till(pulled: StampEvent[], own: StampEvent[]): Promise<string> {
  databases += 1;
  const name = `upgrade-${databases}`;
  const old = new Dexie(name);
  old.version(1).stores(SCHEMA_1);
  await old.open();
  await old.table("log").bulkAdd([...pulled, ...own]);
  await old.table("outbox").bulkAdd(own);
  await old.table("meta").put({ key: "cursor", value: "p12-l" });
  await old.table("scans").add({
    at: T0,
    mode: "kiosk",
    cardId: CARD,
    outcome: { kind: "invalid", reason: "malformed" },
  });
  old.close();
  return name;
}

describe("the schema upgrade to compact cards (protocol 5)", () => {
  it("keeps every queued event, logged event and the cursor, and doubles nothing", async () => {
    const pulled = Array.from({ length: 10 }, (_, i) => stampEvent(T0 + i));
    const own = [stampEvent(T0 + 20), stampEvent(T0 + 21)];
    const db = openStampDb("relaxed", await protocol4Till(pulled, own));
    expect(await db.outbox.toArray()).toEqual(own);
    expect(await db.log.orderBy("id").toArray()).toEqual([...pulled, ...own]);
    expect(await db.meta.get("cursor")).toEqual({ key: "cursor", value: "p12-l" });
    expect(await db.scans.count()).toBe(1);
    expect(await db.snapshots.count()).toBe(0);
    // Each card's events counted once from the log (issue 16): 12 of CARD.
    expect(await db.logCounts.toArray()).toEqual([{ cardId: CARD, events: 12 }]);
    const { kept, scanned } = await countsAndScan(db);
    expect(kept).toEqual(scanned);
    // The whole history is a compact card with no snapshot (SPEC CS1): the same state as before.
    const record = await readCardRecord(db, CARD);
    expect(record.snapshot).toBeNull();
    expect(record.held.filter((h) => h.arrival.kind === "own").map((h) => h.event)).toEqual(own);
    expect(foldRecord(programs, record)).toEqual({
      state: foldCard(program, CARD, [...pulled, ...own]),
      doubtful: false,
    });
    db.close();
  });

  it("folds a snapshot the server sends later over the old history, counting each event once", async () => {
    const pulled = Array.from({ length: 10 }, (_, i) => stampEvent(T0 + i));
    const own = [stampEvent(T0 + 20)];
    const db = openStampDb("relaxed", await protocol4Till(pulled, own));
    // The server's card, read after the pulled events: 2 in the snapshot, 8 in the tail.
    const card = compactCard(program, CARD, 40, null, pulled);
    expect(card?.snapshot?.lifetimeStamps).toBe(2);
    await db.transaction("rw", compactStores(db), () =>
      storeCompactCard(db, card as NonNullable<typeof card>),
    );
    const fold = foldRecord(programs, await readCardRecord(db, CARD));
    expect(fold.state).toEqual(foldCard(program, CARD, [...pulled, ...own]));
    expect(fold.doubtful).toBe(false);
    expect(await db.outbox.toArray()).toEqual(own);
    db.close();
  });

  it("keeps schema 3's counts when schema 4 drops their index", async () => {
    databases += 1;
    const name = `upgrade-${databases}`;
    const old = new Dexie(name);
    old.version(1).stores(SCHEMA_1);
    old.version(2).stores({ snapshots: "cardId", stored: "id, cardId" });
    old.version(3).stores({ logCounts: "cardId, events" });
    await old.open();
    const events = Array.from({ length: 3 }, (_, i) => stampEvent(T0 + i));
    await old.table("log").bulkAdd(events);
    await old.table("logCounts").add({ cardId: CARD, events: 3 });
    old.close();
    const db = openStampDb("relaxed", name);
    expect(await db.logCounts.toArray()).toEqual([{ cardId: CARD, events: 3 }]);
    expect(db.logCounts.schema.indexes).toEqual([]);
    await db.log.add(stampEvent(T0 + 3));
    const { kept, scanned } = await countsAndScan(db);
    expect(kept).toEqual([{ cardId: CARD, events: 4 }]);
    expect(kept).toEqual(scanned);
    db.close();
  });
});
