// Loaded into the stampd the ingest A/B bench starts (STAMPD_NODE_FLAGS=--import=<this file>): on
// SIGUSR2 it writes one line to stderr, `ingest-probe {…}`, with what the process has done so far:
// the bytes allocated on the V8 heap (what each GC freed plus what is in use), its scavenges and
// mark-compacts, and the bytes scavenges promoted into the old generation. Counts of work, not of
// time: they hold on a shared machine. Plain JavaScript: the bundle runs under node.
import { GCProfiler, getHeapStatistics } from "node:v8";

let profiler = new GCProfiler();
profiler.start();
const total = { allocated: 0, scavenges: 0, promoted: 0, markCompacts: 0 };
const startUsed = getHeapStatistics().used_heap_size;
let freed = 0;

const oldSpace = (heap) =>
  heap.heapSpaceStatistics.find((space) => space.spaceName === "old_space")?.spaceUsedSize ?? 0;

process.on("SIGUSR2", () => {
  for (const gc of profiler.stop().statistics) {
    freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
    if (gc.gcType === "Scavenge" || gc.gcType === "MinorMarkSweep") {
      total.scavenges += 1;
      total.promoted += oldSpace(gc.afterGC) - oldSpace(gc.beforeGC);
    } else if (gc.gcType === "MarkSweepCompact") total.markCompacts += 1;
  }
  profiler = new GCProfiler();
  profiler.start();
  total.allocated = freed + getHeapStatistics().used_heap_size - startUsed;
  process.stderr.write(`ingest-probe ${JSON.stringify(total)}\n`);
});
