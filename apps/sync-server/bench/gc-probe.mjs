// Loaded into each stampd the many-tills bench starts when BENCH_GC is set (STAMPD_NODE_FLAGS
// gets --import=<this file>): every garbage collection, as Node's `gc` performance entries report
// it (its kind and its pause), appended to BENCH_GC_DIR/<pid>.jsonl, so the bench can count each
// phase's mark-compacts and what they paused the event loop (`gc-phases.ts`).
// Plain JavaScript: the bundle runs under node, without a TypeScript loader.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { constants, PerformanceObserver, performance } from "node:perf_hooks";

const file = join(process.env.BENCH_GC_DIR ?? ".", `${process.pid}.jsonl`);
const kinds = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "mark-compact",
  [constants.NODE_PERFORMANCE_GC_MINOR]: "scavenge",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental marking",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weak callbacks",
};
let lines = "";
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const t = performance.timeOrigin + entry.startTime;
    const kind = kinds[entry.detail?.kind] ?? String(entry.detail?.kind);
    lines += `${JSON.stringify({ t, kind, ms: entry.duration })}\n`;
  }
}).observe({ entryTypes: ["gc"] });
// Written once a second (and at exit), not from inside the observer: a write per GC is I/O on
// the loop the bench measures.
const flush = () => {
  if (lines === "") return;
  appendFileSync(file, lines);
  lines = "";
};
setInterval(flush, 1_000).unref();
process.on("exit", flush);
