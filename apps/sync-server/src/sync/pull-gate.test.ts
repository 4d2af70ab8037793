import { describe, expect, it } from "vitest";
import { PullGate } from "./pull-gate";

/** Work that runs until the test ends it, and says when it started. */
function held(log: string[], name: string) {
  let end: (value: string) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const work = () =>
    new Promise<string>((resolve, reject) => {
      log.push(`start ${name}`);
      end = resolve;
      fail = reject;
    });
  return { work, end: () => end(name), fail: (error: Error) => fail(error) };
}

/** Lets every queued microtask and promise continuation run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("PullGate", () => {
  it("runs at most its slots at once and starts the rest in the order they came", async () => {
    const gate = new PullGate(2);
    const log: string[] = [];
    const works = ["a", "b", "c", "d"].map((name) => held(log, name));
    const runs = works.map((w) => gate.run(w.work));
    await settle();
    expect(log).toEqual(["start a", "start b"]);
    expect(gate.waiting).toBe(2);
    works[1]?.end();
    await settle();
    expect(log).toEqual(["start a", "start b", "start c"]);
    works[0]?.end();
    await settle();
    expect(log).toEqual(["start a", "start b", "start c", "start d"]);
    expect(gate.waiting).toBe(0);
    works[2]?.end();
    works[3]?.end();
    expect(await Promise.all(runs)).toEqual(["a", "b", "c", "d"]);
  });

  it("gives a freed slot to a till's own request before held pulls woken earlier", async () => {
    const gate = new PullGate(1);
    const log: string[] = [];
    const running = held(log, "running");
    const woken = held(log, "woken");
    const asked = held(log, "asked");
    const runs = [
      gate.run(running.work),
      gate.run(woken.work, "woken"),
      gate.run(asked.work, "asked"),
    ];
    await settle();
    running.end();
    await settle();
    expect(log).toEqual(["start running", "start asked"]);
    asked.end();
    await settle();
    expect(log).toEqual(["start running", "start asked", "start woken"]);
    woken.end();
    expect(await Promise.all(runs)).toEqual(["running", "woken", "asked"]);
  });

  it("gives the slot back when the work fails", async () => {
    const gate = new PullGate(1);
    const log: string[] = [];
    const failing = held(log, "a");
    const next = held(log, "b");
    const first = gate.run(failing.work);
    const second = gate.run(next.work);
    await settle();
    failing.fail(new Error("the database went away"));
    await expect(first).rejects.toThrow("the database went away");
    await settle();
    expect(log).toEqual(["start a", "start b"]);
    next.end();
    expect(await second).toBe("b");
  });

  it("lets a free slot be taken at once, without waiting", async () => {
    const gate = new PullGate(1);
    expect(await gate.run(async () => "done")).toBe("done");
    expect(await gate.run(async () => "again")).toBe("again");
    expect(gate.waiting).toBe(0);
  });
});
