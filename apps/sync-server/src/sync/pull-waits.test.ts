import { describe, expect, it } from "vitest";
import { timerSet } from "../../test/timer-set";
import { ScopeChanges } from "../storage/scope-changes";
import type { PullScope } from "../storage/store";
import type { WaitTimers } from "../wait-timers";
import type { WaitEnd } from "./pull-wait";
import { PullWaits, WAKE_BATCH } from "./pull-waits";

/** Timers the test drives: no deadline comes, and what runs `later` waits for `turn()`. */
function drivenTimers() {
  const later: (() => void)[] = [];
  const timers: WaitTimers = {
    now: () => 0,
    set: () => null,
    clear: () => undefined,
    later: (callback) => later.push(callback),
  };
  return {
    timers,
    /** One pass of the event loop: what was put off runs. */
    turn() {
      for (const callback of later.splice(0)) callback();
    },
  };
}

/** Lets every promise settled so far run its callbacks. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const here: PullScope = { kind: "location", locationId: "north" };

describe("held pulls woken by one change", () => {
  it(`wake ${WAKE_BATCH} at a time, the next after the event loop has looked at I/O, and none is lost`, async () => {
    const feed = new ScopeChanges();
    const driven = drivenTimers();
    const waits = new PullWaits(feed, undefined, driven.timers);
    const tills = WAKE_BATCH * 2 + 3;
    const ends: (WaitEnd | null)[] = Array.from({ length: tills }, () => null);
    const held = Array.from({ length: tills }, (_, i) => {
      const wait = waits.enter({ id: `till-${i}`, merchantId: "m", locationId: "south" }, 25_000);
      if (!wait) throw new Error("room for every till");
      return wait;
    });
    for (const [i, wait] of held.entries())
      void wait.until(here).then((end) => {
        ends[i] = end;
      });
    // A till that left before its turn is not woken; one not waiting yet sees the change at once.
    const gone = held[tills - 1];
    const looking = waits.enter({ id: "looking", merchantId: "m", locationId: "south" }, 25_000);
    const woken = () => ends.filter((end) => end === "changed").length;

    feed.publish({ kind: "merchant", merchantId: "m", scopes: ["north"] });
    await settle();
    expect(woken()).toBe(WAKE_BATCH);
    expect(await looking?.until(here)).toBe("changed");
    gone?.leave();
    gone?.end();
    for (let turns = 1; turns < 3; turns++) {
      driven.turn();
      await settle();
      expect(woken()).toBe(Math.min(WAKE_BATCH * (turns + 1), tills - 1));
    }
    expect(ends[tills - 1]).toBe("ended");
    driven.turn();
    await settle();
    expect(woken()).toBe(tills - 1);
    for (const wait of [...held, looking]) wait?.leave();
    await waits.close();
  });

  it("count only the pulls the change wakes: the merchant's others take no place in a batch", async () => {
    const feed = new ScopeChanges();
    const driven = drivenTimers();
    const waits = new PullWaits(feed, undefined, driven.timers);
    const there: PullScope = { kind: "location", locationId: "south" };
    // Held in turns: south, north, south, north… so most of the merchant's pulls are elsewhere.
    const ends = new Map<string, WaitEnd>();
    const held = Array.from({ length: WAKE_BATCH * 4 }, (_, i) => {
      const scope = i % 2 === 0 ? there : here;
      const wait = waits.enter({ id: `till-${i}`, merchantId: "m", locationId: "south" }, 25_000);
      if (!wait) throw new Error("room for every till");
      void wait.until(scope).then((end) => ends.set(`${scope.locationId} ${i}`, end));
      return wait;
    });
    const northWoken = () => [...ends.keys()].filter((key) => key.startsWith("north")).length;

    feed.publish({ kind: "merchant", merchantId: "m", scopes: ["north"] });
    await settle();
    expect(northWoken()).toBe(WAKE_BATCH);
    driven.turn();
    await settle();
    expect(northWoken()).toBe(WAKE_BATCH * 2);
    driven.turn();
    await settle();
    expect(ends.size).toBe(WAKE_BATCH * 2);
    for (const wait of held) wait.leave();
    await waits.close();
  });
});

/** Timers on a clock the test moves: set timers are kept, and `advance` runs those due. */
function clockTimers() {
  let now = 0;
  /** What the clock reads next, one value per reading, before it stays at `now`. */
  const readings: number[] = [];
  const { timers, pending: set } = timerSet(
    () => {
      now = readings.shift() ?? now;
      return now;
    },
    () => now,
  );
  return {
    timers,
    /** When the timers set are due. */
    armed: () => [...set].map((timer) => timer.at),
    advance(to: number) {
      now = to;
      for (const timer of [...set])
        if (timer.at <= now) {
          set.delete(timer);
          timer.callback();
        }
    },
    /**
     * Runs every timer set with the clock at `to`, due or not, as Node may: a timer's start is
     * libuv's loop time, taken when the turn began, so it can fire before `performance.now()`
     * reaches its deadline. `later`: what the clock reads after `to`, one value per reading (time
     * goes on while the timer's turn runs).
     */
    fireEarly(to: number, ...later: number[]) {
      now = to;
      readings.push(...later);
      for (const timer of [...set]) {
        set.delete(timer);
        timer.callback();
      }
    },
  };
}

describe("held pulls' deadlines", () => {
  it("come by one timer for all of them, the earliest first; a wait gone or not waiting takes none", async () => {
    const clock = clockTimers();
    const feed = new ScopeChanges();
    const waits = new PullWaits(feed, undefined, clock.timers);
    const ends = new Map<string, WaitEnd>();
    const hold = (id: string, merchantId: string, ms: number) => {
      const wait = waits.enter({ id, merchantId, locationId: "south" }, ms);
      if (!wait) throw new Error("room for every till");
      void wait.until(here).then((end) => ends.set(id, end));
      return wait;
    };
    const late = hold("late", "m", 25_000);
    const soon = hold("soon", "m", 5_000);
    const gone = hold("gone", "m", 10_000);
    const reading = hold("reading", "r", 15_000);
    expect(clock.armed()).toEqual([5_000]);

    clock.advance(5_000);
    await settle();
    expect([...ends]).toEqual([["soon", "timeout"]]);
    expect(clock.armed()).toEqual([10_000]);
    soon.leave();
    gone.leave();
    clock.advance(10_000);
    expect(clock.armed()).toEqual([15_000]);

    // Woken, it reads its page (it calls `until` no more) while its deadline passes.
    feed.publish({ kind: "merchant", merchantId: "r", scopes: ["north"] });
    await settle();
    expect(ends.get("reading")).toBe("changed");
    clock.advance(16_000);
    expect(clock.armed()).toEqual([25_000]);
    expect(await reading.until(here)).toBe("timeout");
    reading.leave();

    clock.advance(25_000);
    await settle();
    expect(ends.get("late")).toBe("timeout");
    expect(ends.has("gone")).toBe(false);
    expect(clock.armed()).toEqual([]);
    late.leave();
    expect(waits.waiting).toBe(0);
    await waits.close();
  });

  /** One till's pull held for 1,000 ms on a driven clock, and how it ended (null: not yet). */
  function heldForASecond() {
    const clock = clockTimers();
    const waits = new PullWaits(new ScopeChanges(), undefined, clock.timers);
    const wait = waits.enter({ id: "till", merchantId: "m", locationId: "south" }, 1_000);
    if (!wait) throw new Error("room for the till");
    let end: WaitEnd | null = null;
    void wait.until(here).then((ended) => {
      end = ended;
    });
    return {
      clock,
      get end() {
        return end;
      },
      async leave() {
        wait.leave();
        await waits.close();
      },
    };
  }

  it("are not missed when the timer fires before the clock reaches them: it is set again", async () => {
    const held = heldForASecond();
    held.clock.fireEarly(990);
    await settle();
    expect(held.end).toBeNull();
    expect(held.clock.armed()).toEqual([1_000]);
    held.clock.advance(1_000);
    await settle();
    expect(held.end).toBe("timeout");
    await held.leave();
  });

  it("are not missed when the clock passes the deadline while the early timer's turn runs", async () => {
    const held = heldForASecond();
    // The timer reads 999.9, just short of the deadline; any later reading is past it.
    held.clock.fireEarly(999.9, 999.9, 1_000.1);
    await settle();
    expect(held.clock.armed()).toEqual([1_000]);
    held.clock.advance(1_000.1);
    await settle();
    expect(held.end).toBe("timeout");
    await held.leave();
  });
});

describe("a stream's pause and writes (outlast)", () => {
  it("pause on the timers' clock, and end at once (a pause's timer cleared) when the place is ended", async () => {
    let clock = 0;
    const { timers, pending } = timerSet(() => clock);
    const waits = new PullWaits(new ScopeChanges(), undefined, timers);
    const wait = waits.enter({ id: "till", merchantId: "m", locationId: "north" }, 60_000);
    if (!wait) throw new Error("room");
    const paused = wait.pause(700);
    const timer = [...pending].find((t) => t.at === 700);
    clock = 700;
    pending.delete(timer as NonNullable<typeof timer>);
    timer?.callback();
    expect(await paused).toBe(true);
    const cut = wait.pause(900);
    waits.enter({ id: "till", merchantId: "m", locationId: "north" }, 60_000)?.leave();
    expect(await cut).toBe(false);
    expect([...pending].some((t) => t.at === clock + 900)).toBe(false);

    const slow = wait.outlast(new Promise<never>(() => {}));
    wait.end();
    expect(await slow).toBe("ended");
    // Ended: whatever comes later is over at once.
    expect(await wait.pause(100)).toBe(false);
    expect(await wait.outlast(Promise.resolve(1))).toBe("ended");
    wait.leave();
    expect(waits.waiting).toBe(0);
  });
});
