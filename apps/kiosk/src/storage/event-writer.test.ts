import "../testing/fake-idb";
import { formatHlc } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { DeviceClock } from "../app/device-clock";
import { CARD, DEVICE, MERCHANT, PROGRAM, T0 } from "../testing/fixtures";
import { openStampDb, type StampDb } from "./db";
import {
  type EventDraft,
  loadClock,
  loggedWrites,
  storeClock,
  type Written,
  writeEvents,
} from "./event-writer";
import { LogWrites } from "./log-writes";

const author = { deviceId: DEVICE, merchantId: MERCHANT };
const stamp: EventDraft = {
  type: "stamps.added",
  programId: PROGRAM,
  cardId: CARD,
  count: 1,
  channel: "staff",
};

/** A tab of the kiosk: its own connection to the one database of the origin, its own memory. */
async function tab(name: string) {
  const db = openStampDb("relaxed", name);
  return {
    db,
    clock: new DeviceClock(await loadClock(db, DEVICE)),
    writes: new LogWrites(await loggedWrites(db)),
  };
}

function eventsOf(written: Written) {
  if (written.kind !== "written") throw new Error("nothing written");
  return written.events;
}

const hlcs = async (db: StampDb) => (await db.log.toArray()).map((e) => e.hlc);

describe("two tabs writing to one log", () => {
  it("never share or reverse an HLC: each write takes the clock the other stored", async () => {
    const [a, b] = [await tab("two-tabs-clock"), await tab("two-tabs-clock")];
    // Both tabs' clocks started from the same stored one; within one millisecond A writes twice.
    eventsOf(await writeEvents(a.db, author, [stamp], a.clock, T0));
    const [second] = eventsOf(await writeEvents(a.db, author, [stamp], a.clock, T0));
    const [fromB] = eventsOf(await writeEvents(b.db, author, [stamp], b.clock, T0));
    expect([second?.hlc, fromB?.hlc].sort()).toEqual([second?.hlc, fromB?.hlc]);
    expect(new Set(await hlcs(a.db)).size).toBe(3);
    const stored = await a.db.meta.get("clock");
    expect(stored?.key === "clock" && stored.value).toEqual(b.clock.current);
  });

  it("writes nothing decided on memory that has not heard of the other tab's write", async () => {
    const [a, b] = [await tab("two-tabs-memory"), await tab("two-tabs-memory")];
    // B decides on its memory; meanwhile A writes to the card, its notice not yet at B.
    const decidedOn = b.writes.upTo;
    const byA = await writeEvents(a.db, author, [stamp], a.clock, T0, a.writes.upTo);
    expect(byA).toMatchObject({ kind: "written", write: 1 });
    // The clock row names A's write and its card (`LogWrites.learn`).
    expect(await writeEvents(b.db, author, [stamp], b.clock, T0, decidedOn)).toEqual({
      kind: "behind",
      recent: [{ write: 1, cards: [CARD] }],
    });
    expect(await b.db.outbox.count()).toBe(1);
    // A's notice arrives (B's memory forgets the card it names): B decides again and writes.
    b.writes.heard(1);
    const byB = await writeEvents(b.db, author, [stamp], b.clock, T0, b.writes.upTo);
    expect(byB).toMatchObject({ kind: "written", write: 2 });
    expect(await b.db.outbox.count()).toBe(2);
  });

  it("write again after the other tab wrote: the row it expected moved, so it reads it first", async () => {
    const [a, b] = [await tab("two-tabs-expected"), await tab("two-tabs-expected")];
    // B's later writes go with the clock row's read, on the turn B's first write left.
    expect(await writeEvents(b.db, author, [stamp], b.clock, T0)).toMatchObject({ write: 1 });
    // B heard of a later time (a pull) before storing it: A's write leaves the stored clock behind
    // B's, and only the write count says the row moved.
    b.clock.observe(formatHlc({ ...b.clock.current, millis: T0 + 60_000 }), T0);
    const [fromA] = eventsOf(await writeEvents(a.db, author, [stamp], a.clock, T0));
    const byB = await writeEvents(b.db, author, [stamp], b.clock, T0);
    expect(byB).toMatchObject({ kind: "written", write: 3, recent: [{ write: 1 }, { write: 2 }] });
    expect([fromA?.hlc, eventsOf(byB)[0]?.hlc].sort()).toEqual([fromA?.hlc, eventsOf(byB)[0]?.hlc]);
    expect(await a.db.outbox.count()).toBe(3);
    expect(new Set(await hlcs(a.db)).size).toBe(3);
    expect(await loggedWrites(a.db)).toBe(3);
    // B decides on memory that heard of writes 1–3; A writes the fourth: nothing written.
    eventsOf(await writeEvents(a.db, author, [stamp], a.clock, T0));
    const behind = await writeEvents(b.db, author, [stamp], b.clock, T0, 3);
    expect(behind).toMatchObject({ kind: "behind", recent: [{}, {}, {}, { write: 4 }] });
    expect(await a.db.outbox.count()).toBe(4);
  });

  it("sort after a clock the other tab stored without writing (a pull heard of a later one)", async () => {
    const [a, b] = [await tab("two-tabs-stored"), await tab("two-tabs-stored")];
    eventsOf(await writeEvents(b.db, author, [stamp], b.clock, T0));
    const later = { ...a.clock.current, millis: T0 + 60_000 };
    await storeClock(a.db, later);
    const [fromB] = eventsOf(await writeEvents(b.db, author, [stamp], b.clock, T0));
    expect((fromB?.hlc ?? "") > formatHlc(later)).toBe(true);
    expect(b.clock.current.millis).toBe(later.millis);
    expect(await loggedWrites(b.db)).toBe(2);
  });

  it("read first when the other tab wiped the till and wrote as many times since", async () => {
    const [a, b] = [await tab("two-tabs-wiped"), await tab("two-tabs-wiped")];
    eventsOf(await writeEvents(b.db, author, [stamp], b.clock, T0));
    b.clock.observe(formatHlc({ ...b.clock.current, millis: T0 + 60_000 }), T0);
    await a.db.meta.clear();
    const other = { ...stamp, cardId: "c0000000-0000-4000-8000-000000000002" };
    eventsOf(await writeEvents(a.db, author, [other], a.clock, T0));
    // One write in the log's count, as B expected, but not the one B's row named.
    expect(await writeEvents(b.db, author, [stamp], b.clock, T0)).toMatchObject({
      write: 2,
      recent: [{ write: 1, cards: [other.cardId] }],
    });
  });
});
