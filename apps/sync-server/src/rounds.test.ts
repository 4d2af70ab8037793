import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "./logger";
import { Rounds } from "./rounds";

const PACE = { busyMs: 1_000, idleMs: 15_000 };

const roundsOf = (round: () => Promise<number>) =>
  new Rounds(round, PACE, createLogger("silent"), "round failed");

/** Rounds whose work the test sets (how much each round finds), and when each one ran. */
function counted() {
  const ran: number[] = [];
  let work = 0;
  let failing = false;
  const rounds = roundsOf(async () => {
    ran.push(performance.now());
    if (failing) throw new Error("database away");
    const found = work;
    work = 0;
    return found;
  });
  return {
    rounds,
    ran,
    enqueue: (jobs: number) => {
      work = jobs;
    },
    fail: (on: boolean) => {
      failing = on;
    },
  };
}

/** Moves the driven clock on by `ms` and lets every round due meanwhile run. */
const pass = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe("Rounds (driven clock)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs every busyMs while rounds find work and every idleMs once they find none", async () => {
    const { rounds, ran, enqueue } = counted();
    const start = performance.now();
    enqueue(3);
    rounds.start();
    await pass(1_000);
    expect(ran).toEqual([start + 1_000]);
    // The first round found work: the next is a busy one, and it finds none.
    await pass(1_000);
    expect(ran).toHaveLength(2);
    // Idle from here: nothing for 15 s, then one round.
    await pass(14_999);
    expect(ran).toHaveLength(2);
    await pass(1);
    expect(ran).toEqual([start + 1_000, start + 2_000, start + 17_000]);
    await rounds.stop();
  });

  it("is woken by work enqueued while idle, at once, and not sooner than busyMs after a round", async () => {
    const { rounds, ran } = counted();
    const start = performance.now();
    rounds.start();
    await pass(1_000);
    // Right after an idle round: the wake waits out the busy pace.
    rounds.wake();
    await pass(999);
    expect(ran).toHaveLength(1);
    await pass(1);
    expect(ran).toEqual([start + 1_000, start + 2_000]);
    // Well into the idle wait: the wake runs a round now.
    await pass(5_000);
    rounds.wake();
    await pass(0);
    expect(ran).toEqual([start + 1_000, start + 2_000, start + 7_000]);
    // Many wakes at once make one round.
    await pass(5_000);
    for (let i = 0; i < 100; i++) rounds.wake();
    await pass(0);
    expect(ran).toHaveLength(4);
    await rounds.stop();
  });

  it("runs again busyMs after a round that found nothing when it was woken meanwhile", async () => {
    let woken: (() => void) | undefined;
    const ran: number[] = [];
    const rounds = roundsOf(async () => {
      ran.push(performance.now());
      // Work enqueued while this round runs: its claim may have come too early to see it.
      woken?.();
      return 0;
    });
    const start = performance.now();
    rounds.start();
    woken = () => {
      woken = undefined;
      rounds.wake();
    };
    await pass(2_000);
    expect(ran).toEqual([start + 1_000, start + 2_000]);
    await pass(14_999);
    expect(ran).toHaveLength(2);
    await pass(1);
    expect(ran).toHaveLength(3);
    await rounds.stop();
  });

  it("runs when work falls due (a retry), whatever the idle pace", async () => {
    const { rounds, ran } = counted();
    const start = performance.now();
    rounds.start();
    await pass(1_000);
    rounds.wakeIn(5_000);
    // A later wake does not put it off; a wake due after the idle round changes nothing.
    rounds.wakeIn(60_000);
    await pass(5_000);
    expect(ran).toEqual([start + 1_000, start + 6_000]);
    await pass(15_000);
    expect(ran).toEqual([start + 1_000, start + 6_000, start + 21_000]);
    await rounds.stop();
  });

  it("tries a failed round again at the busy pace", async () => {
    const { rounds, ran, fail } = counted();
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
    const ran: number[] = [];
    const rounds = roundsOf(() => {
      ran.push(performance.now());
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
});
