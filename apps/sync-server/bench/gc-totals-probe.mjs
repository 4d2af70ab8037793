// Loaded into the stampd the held-churn bench starts (NODE_OPTIONS=--import=<this file>): on
// SIGUSR2 it writes one line to stderr, `gc-totals {…}`, with what the GCs since the last signal
// did, from V8's GC profiler: scavenges (their pause, and the bytes they promoted into the old
// generation), mark-compacts (their pause, the old generation live after each) and the CPU the
// process used. Counts of work done, not of time: they hold on a shared machine.
// Plain JavaScript: the bundle runs under node, without a TypeScript loader.
import { GCProfiler } from "node:v8";

let profiler = new GCProfiler();
profiler.start();
let cpu = process.cpuUsage();

const oldSpace = (heap) =>
  heap.heapSpaceStatistics.find((space) => space.spaceName === "old_space")?.spaceUsedSize ?? 0;

process.on("SIGUSR2", () => {
  const { statistics } = profiler.stop();
  profiler = new GCProfiler();
  profiler.start();
  const line = { scavenges: 0, scavengeMs: 0, promoted: 0, markCompacts: 0, markCompactMs: 0 };
  const liveAfter = [];
  for (const gc of statistics)
    if (gc.gcType === "Scavenge" || gc.gcType === "MinorMarkSweep") {
      line.scavenges += 1;
      line.scavengeMs += gc.cost / 1000;
      line.promoted += oldSpace(gc.afterGC) - oldSpace(gc.beforeGC);
    } else if (gc.gcType === "MarkSweepCompact") {
      line.markCompacts += 1;
      line.markCompactMs += gc.cost / 1000;
      liveAfter.push(oldSpace(gc.afterGC));
    }
  const used = process.cpuUsage(cpu);
  cpu = process.cpuUsage();
  const cpuMs = (used.user + used.system) / 1000;
  process.stderr.write(`gc-totals ${JSON.stringify({ ...line, liveAfter, cpuMs })}\n`);
});
