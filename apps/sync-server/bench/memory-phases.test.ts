import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { PhasePeaks } from "./memory-phases";

/**
 * A process that, told "grow", touches 64 MB and lets it go again, and answers once its RSS is
 * back within 16 MB of where it began (malloc maps a buffer that large on its own and unmaps it
 * when it is freed); told anything else, it answers at once.
 */
const BALLOON = `
const rss = () => Number(/VmRSS:\\s+(\\d+) kB/.exec(require("node:fs").readFileSync("/proc/self/status", "utf8"))[1]) / 1024;
const base = rss();
require("node:readline").createInterface({ input: process.stdin }).on("line", async (line) => {
  if (line === "grow") {
    let held = Buffer.alloc(64 * 2 ** 20, 1);
    held = held[held.length - 1];
    while (rss() > base + 16) { globalThis.gc(); await new Promise(setImmediate); }
  }
  process.stdout.write("done\\n");
});
process.stdout.write("ready\\n");
`;

let child: ChildProcess | null = null;
afterEach(async () => {
  if (!child || child.exitCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
});

async function start(): Promise<ChildProcess> {
  child = spawn(process.execPath, ["--expose-gc", "-e", BALLOON], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  await once(child.stdout as NodeJS.ReadableStream, "data");
  return child;
}

/** Tells the balloon `what` and waits for its answer. */
async function tell(balloon: ChildProcess, what: string): Promise<void> {
  const answered = once(balloon.stdout as NodeJS.ReadableStream, "data");
  balloon.stdin?.write(`${what}\n`);
  await answered;
}

describe("PhasePeaks", () => {
  it("gives each phase its own peak and the run the most of them, with where it fell", async () => {
    const balloon = await start();
    const meter = new PhasePeaks([balloon.pid as number]);
    await meter.phase("quiet before", () => tell(balloon, "rest"));
    await meter.phase("balloon", () => tell(balloon, "grow"));
    await meter.phase("quiet after", () => tell(balloon, "rest"));
    const [before, grown, after] = meter.phases.map((p) => p.rss) as [number, number, number];
    expect(grown).toBeGreaterThan(before + 48);
    // The high-water mark was reset as the phase began: the balloon's 64 MB are not in it.
    expect(after).toBeLessThan(grown - 32);
    expect(meter.whole).toBe(grown);
    expect(meter.wholeIn?.name).toBe("balloon");
    expect(meter.phases.map((p) => p.name)).toEqual(["quiet before", "balloon", "quiet after"]);
    for (const { window } of meter.phases) expect(window[1]).toBeGreaterThanOrEqual(window[0]);
  });

  it("refuses phases that overlap: a process has one high-water mark", async () => {
    const balloon = await start();
    const meter = new PhasePeaks([balloon.pid as number]);
    await meter.phase("outer", async () => {
      await expect(meter.phase("inner", () => tell(balloon, "rest"))).rejects.toThrow(/overlaps/);
      expect(() => meter.whole).toThrow(/between phases/);
    });
    expect(meter.phases.map((p) => p.name)).toEqual(["outer"]);
  });
});
