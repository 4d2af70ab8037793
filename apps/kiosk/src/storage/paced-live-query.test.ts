import "../testing/fake-idb";
import { describe, expect, it } from "vitest";
import { stampEvent, T0 } from "../testing/fixtures";
import { openStampDb, type StampDb } from "./db";
import { outboxCount } from "./live-queries";
import { type Pacing, pacedLiveQuery } from "./paced-live-query";

let databases = 0;

/** A new till database, open: creating it tells every live query that everything changed. */
async function freshDb(): Promise<StampDb> {
  databases += 1;
  const db = openStampDb("relaxed", `paced-${databases}`);
  await db.open();
  return db;
}

/** A clock moved by hand and the runs it holds back, run when the test says. */
function handPacing(ms: number) {
  let now = 0;
  let waiting: { run: () => void; at: number } | null = null;
  const pacing: Pacing = {
    ms,
    now: () => now,
    later: (run, wait) => {
      const entry = { run, at: now + wait };
      waiting = entry;
      return () => {
        if (waiting === entry) waiting = null;
      };
    },
  };
  return {
    pacing,
    held: () => waiting !== null,
    /** How long the held run waits from now. */
    heldFor: () => (waiting === null ? null : waiting.at - now),
    /** Moves the clock to the held run's time and runs it. */
    release: () => {
      const entry = waiting;
      if (!entry) throw new Error("nothing held");
      waiting = null;
      now = Math.max(now, entry.at);
      entry.run();
    },
    advance: (by: number) => {
      now += by;
    },
  };
}

/**
 * Subscribes a counted outbox count that takes `cost` ms on the hand clock; `seen` is every value
 * reported, `runs` the queries made.
 */
function watch(db: StampDb, hand: ReturnType<typeof handPacing>, cost: number) {
  const seen: number[] = [];
  let runs = 0;
  let settle: (() => void) | null = null;
  const query = async (d: StampDb) => {
    runs += 1;
    const count = await outboxCount(d);
    hand.advance(cost);
    return count;
  };
  const stop = pacedLiveQuery(db, ["outbox"], query, hand.pacing, {
    next: (value) => {
      seen.push(value);
      settle?.();
    },
    error: (error) => {
      throw error;
    },
  });
  return {
    seen,
    runs: () => runs,
    stop,
    /** Resolves at the next value reported. */
    next: () =>
      new Promise<void>((resolve) => {
        settle = resolve;
      }),
  };
}

function queue(db: StampDb, n: number) {
  return db.outbox.bulkAdd(Array.from({ length: n }, (_, i) => stampEvent(T0 + i)));
}

describe("pacedLiveQuery", () => {
  it("answers at once, then once per pace for a burst of changes to a costly count, ending on the last one", async () => {
    const db = await freshDb();
    const hand = handPacing(1_000);
    // A backlog's count: 60 ms, so the pace (not 20 × 60 ms) sets the gap.
    const counted = watch(db, hand, 60);
    await counted.next();
    expect(counted.seen).toEqual([0]);

    // The first change after a quiet spell: run at once (its wait is 0 once the pace has passed).
    hand.advance(5_000);
    await queue(db, 3);
    expect(hand.held()).toBe(true);
    let reported = counted.next();
    hand.release();
    await reported;
    expect(counted.seen).toEqual([0, 3]);

    // A burst within the pace: one run at its end, with what the last change left.
    for (let i = 0; i < 10; i++) await queue(db, 2);
    expect(hand.heldFor()).toBe(1_000);
    expect(counted.runs()).toBe(2);
    reported = counted.next();
    hand.release();
    await reported;
    expect(counted.seen).toEqual([0, 3, 23]);
    expect(counted.runs()).toBe(3);
    counted.stop();
  });

  it("follows each change to a cheap count at once: the cashier sees the stamp they just made waiting", async () => {
    const db = await freshDb();
    const hand = handPacing(1_000);
    const counted = watch(db, hand, 1);
    await counted.next();
    for (const expected of [1, 2, 3]) {
      await queue(db, 1);
      expect(hand.heldFor()).toBe(20);
      const reported = counted.next();
      hand.release();
      await reported;
      expect(counted.seen.at(-1)).toBe(expected);
    }
    expect(counted.runs()).toBe(4);
    counted.stop();
  });

  it("ignores changes to other tables and stops when unsubscribed", async () => {
    const db = await freshDb();
    const hand = handPacing(1_000);
    const counted = watch(db, hand, 1);
    await counted.next();
    await db.rejected.put({
      id: "r",
      event: stampEvent(T0),
      code: "x",
      message: "x",
      rejectedAt: T0,
    });
    expect(hand.held()).toBe(false);
    await queue(db, 1);
    expect(hand.held()).toBe(true);
    counted.stop();
    expect(hand.held()).toBe(false);
    await queue(db, 1);
    expect(hand.held()).toBe(false);
    expect(counted.runs()).toBe(1);
  });

  it("runs once at a time: a change during a run makes one more run after it", async () => {
    const db = await freshDb();
    const hand = handPacing(1_000);
    const gates: (() => void)[] = [];
    let open = 0;
    let most = 0;
    const seen: number[] = [];
    let reported: (() => void) | null = null;
    const next = () =>
      new Promise<void>((resolve) => {
        reported = resolve;
      });
    const stop = pacedLiveQuery(
      db,
      ["outbox"],
      async (d) => {
        open += 1;
        most = Math.max(most, open);
        await new Promise<void>((resolve) => gates.push(resolve));
        const count = await outboxCount(d);
        open -= 1;
        return count;
      },
      hand.pacing,
      {
        next: (value) => {
          seen.push(value);
          reported?.();
        },
        error: (error) => {
          throw error;
        },
      },
    );
    await queue(db, 2);
    expect(hand.held()).toBe(false);
    let value = next();
    gates.shift()?.();
    await value;
    expect(hand.held()).toBe(true);
    hand.release();
    value = next();
    gates.shift()?.();
    await value;
    expect(seen).toEqual([2, 2]);
    expect(most).toBe(1);
    stop();
  });
});
