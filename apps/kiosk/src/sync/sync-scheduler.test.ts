import { describe, expect, it } from "vitest";
import { ManualTimers } from "../testing/manual-timers";
import { EVENT_DEBOUNCE_MS, RETRY_MIN_MS, STEADY_MS, WAIT_GAP_MS } from "./backoff";
import type { PullWaitRequest } from "./sync-engine";
import { type RunResult, SyncScheduler } from "./sync-scheduler";

function setup(results: RunResult[]) {
  const timers = new ManualTimers();
  const runs: number[] = [];
  const scheduler = new SyncScheduler(async () => {
    runs.push(timers.now());
    return results.shift() ?? { kind: "ok" };
  }, timers);
  return { timers, runs, scheduler };
}

describe("SyncScheduler", () => {
  it("runs at once on start, then on a steady interval", async () => {
    const { timers, runs, scheduler } = setup([]);
    scheduler.trigger("start");
    await timers.advance(0);
    expect(runs).toEqual([0]);
    expect(timers.nextDelay()).toBe(STEADY_MS);
    await timers.advance(STEADY_MS);
    expect(runs).toEqual([0, STEADY_MS]);
  });

  it("debounces a burst of new events into one run", async () => {
    const { timers, runs, scheduler } = setup([]);
    scheduler.trigger("event");
    await timers.advance(100);
    scheduler.trigger("event");
    scheduler.trigger("event");
    await timers.advance(EVENT_DEBOUNCE_MS);
    expect(runs).toEqual([EVENT_DEBOUNCE_MS]);
  });

  it("backs off exponentially after failures and keeps retrying without new writes", async () => {
    const failure: RunResult = { kind: "retry", retryAfterMs: null };
    const { timers, runs, scheduler } = setup([failure, failure, failure]);
    scheduler.trigger("start");
    await timers.advance(0);
    expect(timers.nextDelay()).toBe(RETRY_MIN_MS);
    await timers.advance(RETRY_MIN_MS);
    expect(timers.nextDelay()).toBe(2 * RETRY_MIN_MS);
    await timers.advance(2 * RETRY_MIN_MS);
    expect(timers.nextDelay()).toBe(4 * RETRY_MIN_MS);
    await timers.advance(4 * RETRY_MIN_MS);
    expect(runs).toHaveLength(4);
    expect(scheduler.state.failures).toBe(0);
    expect(timers.nextDelay()).toBe(STEADY_MS);
  });

  it("skips the backoff wait when the network comes back", async () => {
    const { timers, runs, scheduler } = setup([{ kind: "retry", retryAfterMs: 60_000 }]);
    scheduler.trigger("start");
    await timers.advance(0);
    expect(timers.nextDelay()).toBe(60_000);
    await timers.advance(1_000);
    scheduler.trigger("online");
    await timers.advance(0);
    expect(runs).toEqual([0, 1_000]);
  });

  it("runs once more right after a run during which events were made", async () => {
    const timers = new ManualTimers();
    const runs: number[] = [];
    let release: (() => void) | null = null;
    const scheduler = new SyncScheduler(() => {
      runs.push(timers.now());
      return new Promise<RunResult>((resolve) => {
        release = () => resolve({ kind: "ok" });
      });
    }, timers);
    scheduler.trigger("start");
    await timers.advance(0);
    scheduler.trigger("event");
    (release as unknown as () => void)();
    await timers.advance(0);
    expect(runs).toEqual([0, 0]);
  });

  it("treats a throwing run as a failure to retry", async () => {
    const timers = new ManualTimers();
    const scheduler = new SyncScheduler(() => Promise.reject(new Error("disk")), timers);
    scheduler.trigger("start");
    await timers.advance(0);
    expect(scheduler.state.failures).toBe(1);
    expect(timers.nextDelay()).toBe(RETRY_MIN_MS);
  });

  it("stops for good when unpaired, until resumed", async () => {
    const { timers, runs, scheduler } = setup([{ kind: "stop" }]);
    scheduler.trigger("start");
    await timers.advance(0);
    expect(scheduler.state.stopped).toBe(true);
    expect(timers.nextDelay()).toBeNull();
    scheduler.trigger("online");
    await timers.advance(STEADY_MS * 10);
    expect(runs).toHaveLength(1);
    scheduler.resume();
    await timers.advance(0);
    expect(runs).toHaveLength(2);
  });

  it("leaves the work to the tab holding the lock and checks again later", async () => {
    const { timers, scheduler } = setup([{ kind: "busy" }]);
    scheduler.trigger("start");
    await timers.advance(0);
    expect(scheduler.state.failures).toBe(0);
    expect(timers.nextDelay()).toBe(STEADY_MS);
  });

  describe("held pulls (the long-poll)", () => {
    /**
     * A server that offers held pulls of 25 s: a plain run answers at once; a held one until the
     * test says the server answered (`answer`) or the till gives it up (its signal).
     */
    function holding() {
      const timers = new ManualTimers();
      const runs: { at: number; wait: number | null }[] = [];
      let answer: ((result: RunResult) => void) | null = null;
      const scheduler = new SyncScheduler((wait: PullWaitRequest | null) => {
        runs.push({ at: timers.now(), wait: wait?.seconds ?? null });
        if (!wait) return Promise.resolve({ kind: "ok", maxWait: 25 });
        return new Promise<RunResult>((resolve) => {
          answer = resolve;
          wait.signal.addEventListener("abort", () => resolve({ kind: "ok", maxWait: null }));
        });
      }, timers);
      const serverAnswers = async (result: RunResult = { kind: "ok", maxWait: 25 }) => {
        (answer as unknown as (r: RunResult) => void)(result);
        await timers.advance(0);
      };
      return { timers, runs, scheduler, serverAnswers };
    }

    it("waits on the server instead of a timer while it offers, at most one held pull per WAIT_GAP_MS", async () => {
      const { timers, runs, scheduler, serverAnswers } = holding();
      scheduler.trigger("start");
      await timers.advance(0);
      expect(runs).toEqual([
        { at: 0, wait: null },
        { at: 0, wait: 25 },
      ]);
      expect(scheduler.state).toMatchObject({ running: false, listening: true });
      // The server answers when another till's event arrives (here, 10 s later).
      await timers.advance(10_000);
      await serverAnswers();
      expect(runs.at(-1)).toEqual({ at: 10_000, wait: 25 });
      // One it answers at once does not spin the loop: the next waits for the gap.
      await serverAnswers();
      expect(timers.nextDelay()).toBe(WAIT_GAP_MS);
      await timers.advance(WAIT_GAP_MS);
      expect(runs.at(-1)).toEqual({ at: 10_000 + WAIT_GAP_MS, wait: 25 });
      expect(runs).toHaveLength(4);
    });

    it("starts the next held pull no sooner than the server asks, nor than the gap", async () => {
      const { timers, runs, scheduler, serverAnswers } = holding();
      scheduler.trigger("start");
      await timers.advance(5_000);
      // Held 5 s: the gap is over, but the server asks this till to wait for its moment.
      await serverAnswers({ kind: "ok", maxWait: 25, waitAfterMs: 420 });
      expect(timers.nextDelay()).toBe(420);
      await timers.advance(420);
      expect(runs.at(-1)).toEqual({ at: 5_420, wait: 25 });
      // Answered at once: the gap is the longer wait.
      await serverAnswers({ kind: "ok", maxWait: 25, waitAfterMs: 300 });
      expect(timers.nextDelay()).toBe(WAIT_GAP_MS);
    });

    it("gives a held pull up for a new event and sends it at once", async () => {
      const { timers, runs, scheduler } = holding();
      scheduler.trigger("start");
      await timers.advance(5_000);
      expect(scheduler.state.listening).toBe(true);
      scheduler.trigger("event");
      await timers.advance(0);
      expect(runs.slice(2)).toEqual([
        { at: 5_000, wait: null },
        { at: 5_000, wait: 25 },
      ]);
    });

    it("gives a held pull up when the network goes; the timer or `online` takes over", async () => {
      const { timers, runs, scheduler } = holding();
      scheduler.trigger("start");
      await timers.advance(0);
      scheduler.interrupt();
      await timers.advance(0);
      expect(scheduler.state.listening).toBe(false);
      expect(timers.nextDelay()).toBe(STEADY_MS);
      await timers.advance(3_000);
      scheduler.trigger("online");
      await timers.advance(0);
      expect(runs.slice(2)).toEqual([
        { at: 3_000, wait: null },
        { at: 3_000, wait: 25 },
      ]);
    });

    it("backs off after a failed held pull, then syncs without waiting", async () => {
      const { timers, runs, scheduler, serverAnswers } = holding();
      scheduler.trigger("start");
      await timers.advance(0);
      await serverAnswers({ kind: "retry", retryAfterMs: null });
      expect(scheduler.state.failures).toBe(1);
      expect(timers.nextDelay()).toBe(RETRY_MIN_MS);
      await timers.advance(RETRY_MIN_MS);
      expect(runs.slice(2, 4)).toEqual([
        { at: RETRY_MIN_MS, wait: null },
        { at: RETRY_MIN_MS, wait: 25 },
      ]);
    });

    it("polls on the steady timer when the server stops offering held pulls", async () => {
      const { timers, runs, scheduler, serverAnswers } = holding();
      scheduler.trigger("start");
      await timers.advance(0);
      await serverAnswers({ kind: "ok", maxWait: null });
      expect(timers.nextDelay()).toBe(STEADY_MS);
      expect(runs).toHaveLength(2);
    });

    it("streams the held pull the server offers to stream, and opens the next after the gap", async () => {
      const timers = new ManualTimers();
      const asked: { seconds: number; stream: boolean }[] = [];
      const scheduler = new SyncScheduler(async (wait) => {
        if (wait) asked.push({ seconds: wait.seconds, stream: wait.stream });
        // Each stream ends at once (its time was up): the loop does not spin.
        return { kind: "ok", maxWait: 25, stream: true };
      }, timers);
      scheduler.trigger("start");
      await timers.advance(0);
      expect(asked).toEqual([{ seconds: 25, stream: true }]);
      expect(timers.nextDelay()).toBe(WAIT_GAP_MS);
      await timers.advance(WAIT_GAP_MS);
      expect(asked).toHaveLength(2);
    });

    it("stops a held pull when stopped", async () => {
      const { timers, scheduler } = holding();
      scheduler.trigger("start");
      await timers.advance(0);
      scheduler.stop();
      await timers.advance(0);
      expect(scheduler.state).toMatchObject({ stopped: true, listening: false, running: false });
      expect(timers.nextDelay()).toBeNull();
    });
  });
});
