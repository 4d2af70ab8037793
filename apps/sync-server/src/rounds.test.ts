import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { timerSet } from "../test/timer-set";
import { createLogger } from "./logger";
import { Rounds } from "./rounds";
import { realTimers } from "./wait-timers";

const PACE = { busyMs: 1_000, idleMs: 15_000 };

/** Lets every promise settled so far run its callbacks: a round's end, the next timer set. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Timers on a clock the test moves (`pass`); the clock starts at 0. */
function drivenClock() {
  let now = 0;
  const { timers, pending: set } = timerSet(() => now);
  /**
   * Moves the clock on by `ms`, running each timer due meanwhile at its time, the earliest first,
   * and what the rounds it started do before the next (their promises settle in between).
   */
  async function pass(ms: number): Promise<void> {
    const end = now + ms;
    for (;;) {
      await settle();
      const due = [...set].filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      set.delete(due);
      now = Math.max(now, due.at);
      due.callback();
    }
    now = end;
  }
  return { timers, pass };
}

/** Rounds of `round` on a driven clock, and when each round ran. */
function roundsOf(round: () => Promise<number>) {
  const clock = drivenClock();
  const ran: number[] = [];
  const rounds = new Rounds(
    () => {
      ran.push(clock.timers.now());
      return round();
    },
    PACE,
    createLogger("silent"),
    "round failed",
    clock.timers,
  );
  return { rounds, ran, pass: clock.pass };
}

/** Rounds whose work the test sets (how much each round finds). */
function counted() {
  let work = 0;
  let failing = false;
  return {
    ...roundsOf(async () => {
      if (failing) throw new Error("database away");
      const found = work;
      work = 0;
      return found;
    }),
    enqueue: (jobs: number) => {
      work = jobs;
    },
    fail: (on: boolean) => {
      failing = on;
    },
  };
}

describe("Rounds (driven clock)", () => {
  it("runs every busyMs while rounds find work and every idleMs once they find none", async () => {
    const { rounds, ran, pass, enqueue } = counted();
    enqueue(3);
    rounds.start();
    await pass(1_000);
    expect(ran).toEqual([1_000]);
    // The first round found work: the next is a busy one, and it finds none.
    await pass(1_000);
    expect(ran).toHaveLength(2);
    // Idle from here: nothing for 15 s, then one round.
    await pass(14_999);
    expect(ran).toHaveLength(2);
    await pass(1);
    expect(ran).toEqual([1_000, 2_000, 17_000]);
    await rounds.stop();
  });

  it("is woken by work enqueued while idle, at once, and not sooner than busyMs after a round", async () => {
    const { rounds, ran, pass } = counted();
    rounds.start();
    await pass(1_000);
    // Right after an idle round: the wake waits out the busy pace.
    rounds.wake();
    await pass(999);
    expect(ran).toHaveLength(1);
    await pass(1);
    expect(ran).toEqual([1_000, 2_000]);
    // Well into the idle wait: the wake runs a round now.
    await pass(5_000);
    rounds.wake();
    await pass(0);
    expect(ran).toEqual([1_000, 2_000, 7_000]);
    // Many wakes at once make one round.
    await pass(5_000);
    for (let i = 0; i < 100; i++) rounds.wake();
    await pass(0);
    expect(ran).toHaveLength(4);
    await rounds.stop();
  });

  it("runs again busyMs after a round that found nothing when it was woken meanwhile", async () => {
    let woken: (() => void) | undefined;
    const { rounds, ran, pass } = roundsOf(async () => {
      // Work enqueued while this round runs: its claim may have come too early to see it.
      woken?.();
      return 0;
    });
    rounds.start();
    woken = () => {
      woken = undefined;
      rounds.wake();
    };
    await pass(2_000);
    expect(ran).toEqual([1_000, 2_000]);
    await pass(14_999);
    expect(ran).toHaveLength(2);
    await pass(1);
    expect(ran).toHaveLength(3);
    await rounds.stop();
  });

  it("runs when work falls due (a retry), whatever the idle pace", async () => {
    const { rounds, ran, pass } = counted();
    rounds.start();
    await pass(1_000);
    rounds.wakeIn(5_000);
    // A later wake does not put it off; a wake due after the idle round changes nothing.
    rounds.wakeIn(60_000);
    await pass(5_000);
    expect(ran).toEqual([1_000, 6_000]);
    await pass(15_000);
    expect(ran).toEqual([1_000, 6_000, 21_000]);
    await rounds.stop();
  });

  it("tries a failed round again at the busy pace", async () => {
    const { rounds, ran, pass, fail } = counted();
    fail(true);
    rounds.start();
    await pass(3_000);
    expect(ran).toHaveLength(3);
    fail(false);
    await pass(1_000);
    expect(ran).toHaveLength(4);
    // That round found nothing: idle again.
    await pass(14_999);
    expect(ran).toHaveLength(4);
    await rounds.stop();
  });

  it("waits for the round in flight on stop, and neither runs nor wakes after it", async () => {
    let finish: (() => void) | undefined;
    const { rounds, ran, pass } = roundsOf(() => {
      return new Promise<number>((resolve) => {
        finish = () => resolve(1);
      });
    });
    rounds.start();
    await pass(1_000);
    let stopped = false;
    const stopping = rounds.stop().then(() => {
      stopped = true;
    });
    await pass(0);
    expect(stopped).toBe(false);
    finish?.();
    await stopping;
    rounds.wake();
    await pass(60_000);
    expect(ran).toHaveLength(1);
  });

  it("runs a round a request woke outside that request's async context", async () => {
    const request = new AsyncLocalStorage<string>();
    let seen: (store: string | undefined) => void = () => {};
    const ran = new Promise<string | undefined>((resolve) => {
      seen = resolve;
    });
    // Real timers: Node carries the async context through `setTimeout`, which a driven clock
    // would not show.
    const rounds = new Rounds(
      async () => {
        seen(request.getStore());
        return 0;
      },
      { busyMs: 0, idleMs: 60_000 },
      createLogger("silent"),
      "round failed",
      realTimers,
    );
    rounds.start();
    await ran;
    // The first round over (its end schedules the idle one): the wake below is a request's.
    await settle();
    const woken = new Promise<string | undefined>((resolve) => {
      seen = resolve;
    });
    request.run("a stamping request", () => rounds.wake());
    expect(await woken).toBeUndefined();
    await rounds.stop();
  });
});
