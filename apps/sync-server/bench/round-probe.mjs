// Loaded into the stampd the round-overhead bench starts (NODE_OPTIONS=--import=<this file>): on
// SIGUSR2 it writes one line to stderr, `round-probe {…}`, with the CPU the process has used and
// the bytes it has allocated on the V8 heap so far (what each GC freed, from V8's GC profiler, plus
// what is in use now), and the GCs' count and time. The bench reads it before and after a phase.
// Plain JavaScript: the bundle runs under node, without a TypeScript loader.
import { GCProfiler, getHeapStatistics } from "node:v8";

let profiler = new GCProfiler();
profiler.start();
const total = { freed: 0, gcs: 0, gcMicros: 0 };
const startUsed = getHeapStatistics().used_heap_size;

process.on("SIGUSR2", () => {
  for (const gc of profiler.stop().statistics) {
    total.freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
    total.gcs += 1;
    total.gcMicros += gc.cost;
  }
  profiler = new GCProfiler();
  profiler.start();
  const cpu = process.cpuUsage();
  const line = {
    cpuMicros: cpu.user + cpu.system,
    allocated: total.freed + getHeapStatistics().used_heap_size - startUsed,
    gcs: total.gcs,
    gcMicros: total.gcMicros,
  };
  process.stderr.write(`round-probe ${JSON.stringify(line)}\n`);
});
