import "../testing/fake-idb";
import { type CompactCard, compactCard, foldCard, type StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { foldRecord } from "../cards/card-record";
import { CARD, makeProgram, stampEvent, T0 } from "../testing/fixtures";
import { readCardRecord } from "./card-records";
import {
  compactStores,
  forgetPositions,
  placeAcknowledged,
  storeCompactCard,
} from "./compact-store";
import { openStampDb, type StampDb } from "./db";
import { pruneLog } from "./log-prune";
import { placedBy } from "./placements";

const program = makeProgram({ goal: 5 });
const programs = () => program;
let databases = 0;

function freshDb(): StampDb {
  databases += 1;
  return openStampDb("relaxed", `compact-store-${databases}`);
}

function card(at: number, events: readonly StampEvent[], tail = 2): CompactCard {
  return compactCard(program, CARD, at, null, events, tail) as CompactCard;
}

const store = (db: StampDb, c: CompactCard) =>
  db.transaction("rw", compactStores(db), () => storeCompactCard(db, c));
const place = (db: StampDb, events: readonly StampEvent[], position: number | null) =>
  db.transaction("rw", compactStores(db), () => placeAcknowledged(db, events, position));
const fold = async (db: StampDb) => foldRecord(programs, await readCardRecord(db, CARD));

describe("compact cards in IndexedDB (stamp-core SPEC CS3, CS5)", () => {
  it("an own event before the snapshot is in doubt until a card read after it was placed", async () => {
    const db = freshDb();
    const history = Array.from({ length: 5 }, (_, i) => stampEvent(T0 + 10 + i));
    await store(db, card(30, history));
    // Made offline on a clock behind the snapshot.
    const early = stampEvent(T0);
    await db.transaction("rw", [db.log, db.outbox], () =>
      Promise.all([db.log.add(early), db.outbox.add(early)]),
    );
    expect(await fold(db)).toEqual({ state: foldCard(program, CARD, history), doubtful: true });
    // Acknowledged by an answer with more to pull: stored, by when is not known yet.
    await db.outbox.delete(early.id);
    await place(db, [early], null);
    expect((await fold(db)).doubtful).toBe(true);
    await place(db, [], 45);
    expect((await placedBy(db, [CARD])).get(early.id)).toBe(45);
    expect(await db.meta.get("unplaced")).toBeUndefined();
    // A card read before it was stored cannot settle it; one read after it does.
    await store(db, card(40, history));
    expect((await fold(db)).doubtful).toBe(true);
    await store(db, card(45, [early, ...history]));
    expect(await fold(db)).toEqual({
      state: foldCard(program, CARD, [early, ...history]),
      doubtful: false,
    });
    db.close();
  });

  it("an older card adds its tail and keeps the newer snapshot; an event takes the earliest place said", async () => {
    const db = freshDb();
    const history = Array.from({ length: 8 }, (_, i) => stampEvent(T0 + i));
    await store(db, card(60, history));
    await store(db, card(20, history.slice(0, 6)));
    expect((await db.snapshots.get(CARD))?.at).toBe(60);
    const newest = history.at(-1) as StampEvent;
    const earlier = history[5] as StampEvent;
    expect((await placedBy(db, [CARD])).get(newest.id)).toBe(60);
    expect((await placedBy(db, [CARD])).get(earlier.id)).toBe(20);
    // Each place said is true: the earliest lets a snapshot hold the event soonest.
    await store(db, card(70, history));
    expect((await placedBy(db, [CARD])).get(newest.id)).toBe(60);
    expect(await fold(db)).toEqual({ state: foldCard(program, CARD, history), doubtful: false });
    db.close();
  });

  it("a card read before the till folded its own snapshot is not kept beside it; one read after is", async () => {
    const db = freshDb();
    const history = Array.from({ length: 12 }, (_, i) => stampEvent(T0 + i));
    expect(await store(db, card(30, history))).toBe("kept");
    await db.meta.put({ key: "head", value: 40 });
    const pruned = await pruneLog(db, programs, {
      deviceId: "another till",
      ownKeptSince: 0,
      tail: 1,
    });
    expect(pruned).toEqual({ folded: 1, dropped: 1 });
    expect(await db.snapshots.get(CARD)).toMatchObject({ at: 40, folded: true });
    expect(await store(db, card(35, history))).toBe("stale");
    expect(await db.snapshots.get(CARD)).toMatchObject({ at: 40, folded: true });
    expect(await store(db, card(40, history))).toBe("kept");
    expect((await db.snapshots.get(CARD))?.folded).toBeUndefined();
    expect(await fold(db)).toEqual({ state: foldCard(program, CARD, history), doubtful: false });
    db.close();
  });

  it("after a server restore (another epoch) a card read at a lower position replaces the snapshot", async () => {
    const db = freshDb();
    const history = Array.from({ length: 6 }, (_, i) => stampEvent(T0 + i));
    await store(db, card(500, history.slice(0, 5)));
    await place(db, [history[5] as StampEvent], 501);
    await db.transaction("rw", compactStores(db), () => forgetPositions(db));
    expect(await db.placements.count()).toBe(0);
    expect((await db.snapshots.get(CARD))?.at).toBe(0);
    await store(db, card(7, history));
    expect((await db.snapshots.get(CARD))?.at).toBe(7);
    expect(await fold(db)).toEqual({ state: foldCard(program, CARD, history), doubtful: false });
    db.close();
  });
});
