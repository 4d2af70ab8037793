// Loaded into each stampd the many-tills bench starts when BENCH_MEMORY is set
// (NODE_OPTIONS=--import=<this file>): every 100 ms it appends what the process's memory is made
// of to BENCH_MEMORY_DIR/<pid>.jsonl, so the bench can split each step's peak RSS into the V8
// heap, Buffers and what is neither (SQLite's page cache, pg's and sockets' buffers, malloc).
// BENCH_HEAP_SNAPSHOT_MB: the first sample whose heap in use reaches that many MB also writes a
// heap snapshot into BENCH_HEAP_SNAPSHOT_DIR (default: the server's working directory), taken at
// the peak a signal would miss. A snapshot holds only what is alive: next to the sample's heap in
// use, it tells live data from garbage waiting for a mark-compact (s32: 59 MB alive of 150 MB in
// use in the catch-up before the 1,000-till row). Writing it stops the server for seconds and
// doubles its RSS: the run's figures from then on are not the server's.
// Plain JavaScript: the bundle runs under node, without a TypeScript loader.
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { getHeapSpaceStatistics, writeHeapSnapshot } from "node:v8";

const file = join(process.env.BENCH_MEMORY_DIR ?? ".", `${process.pid}.jsonl`);
const snapshotAt = Number(process.env.BENCH_HEAP_SNAPSHOT_MB ?? 0) * 2 ** 20;
let snapshotTaken = false;
const kb = (status, field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);

function sample() {
  const status = readFileSync("/proc/self/status", "utf8");
  const memory = process.memoryUsage();
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size]),
  );
  const line = {
    t: Date.now(),
    rss: kb(status, "VmRSS") * 1024,
    rssAnon: kb(status, "RssAnon") * 1024,
    rssFile: kb(status, "RssFile") * 1024,
    heapTotal: memory.heapTotal,
    heapUsed: memory.heapUsed,
    newSpace: spaces.new_space ?? 0,
    oldSpace: spaces.old_space ?? 0,
    largeObjects: (spaces.large_object_space ?? 0) + (spaces.new_large_object_space ?? 0),
    external: memory.external,
    arrayBuffers: memory.arrayBuffers,
  };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
  if (snapshotAt > 0 && !snapshotTaken && memory.heapUsed >= snapshotAt) {
    snapshotTaken = true;
    const dir = process.env.BENCH_HEAP_SNAPSHOT_DIR ?? ".";
    writeHeapSnapshot(join(dir, `${process.pid}-${line.t}.heapsnapshot`));
  }
}

setInterval(sample, 100).unref();
