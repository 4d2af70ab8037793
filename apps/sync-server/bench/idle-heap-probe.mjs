// Loaded into the stampd `idle-heap.ts` starts (NODE_OPTIONS=--import=<this file>, with
// --expose-gc): on SIGUSR2 it collects garbage fully, twice (what the first frees can let a
// second free more), and writes one line to stderr, `idle-heap {…}`: the live V8 heap (of which
// code), Buffers and ArrayBuffers outside it, and RSS. With BENCH_HEAP_SNAPSHOT_DIR it also writes
// a heap snapshot there, to compare two builds by constructor and retainer in DevTools. Plain
// JavaScript: the bundle runs under node.
import { getHeapSpaceStatistics, writeHeapSnapshot } from "node:v8";

process.on("SIGUSR2", () => {
  globalThis.gc();
  globalThis.gc();
  const memory = process.memoryUsage();
  const code = getHeapSpaceStatistics()
    .filter((space) => space.space_name.includes("code"))
    .reduce((sum, space) => sum + space.space_used_size, 0);
  const dir = process.env.BENCH_HEAP_SNAPSHOT_DIR;
  const snapshot = dir ? writeHeapSnapshot(`${dir}/idle-${process.pid}.heapsnapshot`) : null;
  const line = { heapUsed: memory.heapUsed, code, external: memory.external, rss: memory.rss };
  process.stderr.write(`idle-heap ${JSON.stringify({ ...line, snapshot })}\n`);
});
