// Loaded into each stampd the many-tills bench starts when BENCH_MEMORY is set
// (NODE_OPTIONS=--import=<this file>): every 100 ms it appends what the process's memory is made
// of to BENCH_MEMORY_DIR/<pid>.jsonl, so the bench can split each step's peak RSS into the V8
// heap, Buffers and what is neither (SQLite's page cache, pg's and sockets' buffers, malloc).
// Plain JavaScript: the bundle runs under node, without a TypeScript loader.
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { getHeapSpaceStatistics } from "node:v8";

const file = join(process.env.BENCH_MEMORY_DIR ?? ".", `${process.pid}.jsonl`);
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
}

setInterval(sample, 100).unref();
