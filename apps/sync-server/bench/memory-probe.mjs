// Loaded into each stampd the many-tills bench starts when BENCH_MEMORY is set
// (NODE_OPTIONS=--import=<this file>): every 100 ms it appends what the process's memory is made
// of to BENCH_MEMORY_DIR/<pid>.jsonl, so the bench can split each step's peak RSS into the V8
// heap, Buffers and what is neither (SQLite's page cache, pg's and sockets' buffers, malloc).
// Each sample that is the process's most RSS so far by 1 MB also reads /proc/self/smaps (`native`:
// a few ms, so only then): what malloc holds, and what else is anonymous memory.
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
let splitAt = 0;
const kb = (status, field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);

/** glibc maps each arena but the main one (the brk `[heap]`) at a multiple of its 64 MB maximum. */
const ARENA_ALIGN = 64n * 2n ** 20n;

/**
 * Resident anonymous memory by what holds it, in bytes, from the mappings: malloc's main arena
 * (`[heap]`), its other arenas, and the rest (the V8 heaps' pages, of this thread and of any
 * worker's isolate, malloc's chunks too large for an arena, thread stacks).
 */
function nativeSplit() {
  const split = { mallocMain: 0, mallocArenas: 0, arenas: 0, otherAnon: 0 };
  let kind = null;
  for (const line of readFileSync("/proc/self/smaps", "utf8").split("\n")) {
    const mapping = /^([0-9a-f]+)-[0-9a-f]+ (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const [, start, perms, name] = mapping;
      if (name === "[heap]") kind = "mallocMain";
      else if (name !== "") kind = null;
      else if (perms === "rw-p" && BigInt(`0x${start}`) % ARENA_ALIGN === 0n) {
        kind = "mallocArenas";
        split.arenas++;
      } else kind = "otherAnon";
    } else if (kind && line.startsWith("Rss:")) split[kind] += kb(line, "Rss") * 1024;
  }
  return split;
}

/**
 * Sockets with an answer the till has not read yet (Node still holds bytes for them), and those
 * bytes: each such answer also holds the rest of its parts (`writeJsonParts`).
 */
function unread() {
  let sockets = 0;
  let bytes = 0;
  for (const handle of process._getActiveHandles()) {
    const pending = handle.writableLength ?? 0;
    if (pending > 0 && typeof handle.remotePort === "number") {
      sockets++;
      bytes += pending;
    }
  }
  return { sockets, bytes };
}

function sample() {
  const status = readFileSync("/proc/self/status", "utf8");
  const memory = process.memoryUsage();
  const statistics = getHeapSpaceStatistics();
  const spaces = Object.fromEntries(statistics.map((s) => [s.space_name, s.physical_space_size]));
  const line = {
    t: Date.now(),
    rss: kb(status, "VmRSS") * 1024,
    rssAnon: kb(status, "RssAnon") * 1024,
    rssFile: kb(status, "RssFile") * 1024,
    heapTotal: memory.heapTotal,
    heapUsed: memory.heapUsed,
    // Resident pages of the heap: less than heapTotal, what V8 has reserved for it.
    heapPhysical: statistics.reduce((n, s) => n + s.physical_space_size, 0),
    newSpace: spaces.new_space ?? 0,
    oldSpace: spaces.old_space ?? 0,
    codeSpace: spaces.code_space ?? 0,
    largeObjects: (spaces.large_object_space ?? 0) + (spaces.new_large_object_space ?? 0),
    external: memory.external,
    arrayBuffers: memory.arrayBuffers,
    unread: unread(),
  };
  if (line.rss >= splitAt + 2 ** 20) {
    splitAt = line.rss;
    line.native = nativeSplit();
  }
  appendFileSync(file, `${JSON.stringify(line)}\n`);
  if (snapshotAt > 0 && !snapshotTaken && memory.heapUsed >= snapshotAt) {
    snapshotTaken = true;
    const dir = process.env.BENCH_HEAP_SNAPSHOT_DIR ?? ".";
    writeHeapSnapshot(join(dir, `${process.pid}-${line.t}.heapsnapshot`));
  }
}

setInterval(sample, 100).unref();
