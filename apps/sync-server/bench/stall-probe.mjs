// Loaded into each stampd the many-tills bench starts when BENCH_STALLS is set (NODE_OPTIONS gets
// --import=<this file>): what the server was doing around a slow round (`stall-rounds.ts` joins it
// with the client's round times). Appended to BENCH_STALLS_DIR/server-<pid>.jsonl, one record a
// line, times in epoch ms:
// - "stall": the event loop stood still (a 5 ms timer came ≥ 20 ms late) from t for ms, with how
//   much of it the main thread ran on a core (cpu) and waited for one (queued: the machine's other
//   work; from /proc/thread-self/schedstat), the rest it slept (blocked in a system call);
// - "sched": the main thread's CPU and run-queue ms so far, once a second, and the WAL's frames;
// - "gc": every garbage collection (its kind and pause, from Node's `gc` performance entries);
// - "checkpoint": SQLite moved WAL frames back into the database between two timer ticks (the
//   wal-index's nBackfill grew: read from the -shm file, which SQLite maps; shared page cache);
// - "round": a busy till's round (the client's `x-bench-round` header) from its request event to
//   its answer's finish, the server's own time of it;
// - "answer": any other request's finish (held pulls answered, mostly), to count them in a stall.
// Plain JavaScript: the bundle runs under node, without a TypeScript loader.
import { appendFileSync, closeSync, openSync, readFileSync, readSync } from "node:fs";
import { Server } from "node:http";
import { join } from "node:path";
import { constants, PerformanceObserver, performance } from "node:perf_hooks";

const dir = process.env.BENCH_STALLS_DIR ?? ".";
const file = join(dir, `server-${process.pid}.jsonl`);
const shmFile = join(process.env.DATA_DIR ?? ".", "stamp.db-shm");
const TICK_MS = 5;
const STALL_MS = 20;
const now = () => performance.timeOrigin + performance.now();
let lines = "";
const record = (entry) => {
  lines += `${JSON.stringify(entry)}\n`;
};

const kinds = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "mark-compact",
  [constants.NODE_PERFORMANCE_GC_MINOR]: "scavenge",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental marking",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weak callbacks",
};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = kinds[entry.detail?.kind] ?? String(entry.detail?.kind);
    record({ e: "gc", t: performance.timeOrigin + entry.startTime, ms: entry.duration, kind });
  }
}).observe({ entryTypes: ["gc"] });

// The wal-index header (two copies of 48 bytes; its u32 at 16 is mxFrame, the WAL's last valid
// frame) is followed by the checkpoint info, whose first u32 is nBackfill: the WAL frames already
// copied back into the database (native byte order).
const header = Buffer.alloc(4);
let shm = null;
/** The wal-index's u32 at `offset`, or `otherwise` while there is none. */
function walIndex(offset, otherwise) {
  try {
    shm ??= openSync(shmFile, "r");
    return readSync(shm, header, 0, 4, offset) === 4 ? header.readUInt32LE(0) : otherwise;
  } catch {
    return otherwise;
  }
}
let backfilled = 0;
const backfill = () => walIndex(96, backfilled);

/** The main thread's ms on a core and waiting for one, so far. */
function sched() {
  const [cpu, queued] = readFileSync("/proc/thread-self/schedstat", "utf8").split(" ").map(Number);
  return { cpu: cpu / 1e6, queued: queued / 1e6 };
}

let last = now();
let lastSched = sched();
setInterval(() => {
  const t = now();
  const thread = sched();
  const gap = t - last;
  if (gap >= TICK_MS + STALL_MS) {
    const cpu = thread.cpu - lastSched.cpu;
    const queued = thread.queued - lastSched.queued;
    record({ e: "stall", t: last, ms: gap - TICK_MS, cpu, queued });
  }
  const frames = backfill();
  if (frames > backfilled) record({ e: "checkpoint", t: last, ms: t - last, frames });
  backfilled = frames;
  last = t;
  lastSched = thread;
}, TICK_MS).unref();

const emit = Server.prototype.emit;
Server.prototype.emit = function (event, ...rest) {
  if (event === "request") {
    const [request, response] = rest;
    const t = now();
    const round = request.headers["x-bench-round"];
    response.once("finish", () => {
      const ms = now() - t;
      record(round === undefined ? { e: "answer", t, ms } : { e: "round", t, ms, id: round });
    });
  }
  return emit.call(this, event, ...rest);
};

// Written once a second (and at exit), not per record: a write per request is I/O on the loop
// the bench measures.
const flush = () => {
  record({ e: "sched", t: now(), ...sched(), walFrames: walIndex(16, 0) });
  appendFileSync(file, lines);
  lines = "";
};
setInterval(flush, 1_000).unref();
process.on("exit", () => {
  flush();
  if (shm !== null) closeSync(shm);
});
