// Loaded into the stampd a probing bench starts (NODE_OPTIONS=--import=<this file>; read by
// `round-probe.ts`): on SIGUSR2 it writes one line to stderr, `round-probe {…}`, with the CPU the
// process has used and the bytes it has allocated on the V8 heap so far (what each GC freed, from
// V8's GC profiler, plus what is in use now), the GCs' count and time, the scavenges and
// mark-compacts among them, and the bytes the scavenges promoted (what the old generation, its
// large objects too, grew by across each): what outlived the young generation and waits in the
// old one for a mark-compact once it dies. The bench reads it before and after a phase.
// Plain JavaScript: the bundle runs under node, without a TypeScript loader.
import { GCProfiler, getHeapStatistics } from "node:v8";

let profiler = new GCProfiler();
profiler.start();
const total = { freed: 0, gcs: 0, gcMicros: 0, scavenges: 0, markCompacts: 0, promoted: 0 };
const startUsed = getHeapStatistics().used_heap_size;
const OLD = new Set(["old_space", "large_object_space"]);
const oldUsed = (stats) =>
  stats.heapSpaceStatistics
    .filter((space) => OLD.has(space.spaceName))
    .reduce((n, space) => n + space.spaceUsedSize, 0);

process.on("SIGUSR2", () => {
  for (const gc of profiler.stop().statistics) {
    total.freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
    total.gcs += 1;
    total.gcMicros += gc.cost;
    if (gc.gcType === "Scavenge") {
      total.scavenges += 1;
      total.promoted += Math.max(0, oldUsed(gc.afterGC) - oldUsed(gc.beforeGC));
    }
    if (gc.gcType === "MarkSweepCompact") total.markCompacts += 1;
  }
  profiler = new GCProfiler();
  profiler.start();
  const cpu = process.cpuUsage();
  const line = {
    cpuMicros: cpu.user + cpu.system,
    allocated: total.freed + getHeapStatistics().used_heap_size - startUsed,
    gcs: total.gcs,
    gcMicros: total.gcMicros,
    scavenges: total.scavenges,
    markCompacts: total.markCompacts,
    promoted: total.promoted,
  };
  process.stderr.write(`round-probe ${JSON.stringify(line)}\n`);
});
