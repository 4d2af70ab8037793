/**
 * A client thread's side of the stall probe (BENCH_STALLS=1, `stall-rounds.ts`): each busy round
 * carries an `x-bench-round` id, so the server's probe can time the same round from its side, and
 * the thread records each round's start and latency and its own event loop's stalls (a 5 ms
 * timer ≥ 20 ms late: the round's answer may have waited on the client, not the server) with how
 * much of each it ran and waited for a core, and its CPU and run-queue ms so far once a second, to
 * BENCH_STALLS_DIR/client-<pid>-<thread>.jsonl, times in epoch ms. Off: no header, no records.
 */

import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { threadId } from "node:worker_threads";

const dir = process.env.BENCH_STALLS_DIR;
const TICK_MS = 5;
const STALL_MS = 20;
const now = () => performance.timeOrigin + performance.now();
let lines = "";
let rounds = 0;

/** This thread's ms on a core and waiting for one, so far (/proc/thread-self/schedstat). */
function sched(): { cpu: number; queued: number } {
  const [cpu = 0, queued = 0] = readFileSync("/proc/thread-self/schedstat", "utf8")
    .split(" ")
    .map(Number);
  return { cpu: cpu / 1e6, queued: queued / 1e6 };
}

function flush(): void {
  if (dir === undefined) return;
  lines += `${JSON.stringify({ e: "sched", t: now(), ...sched() })}\n`;
  appendFileSync(join(dir, `client-${process.pid}-${threadId}.jsonl`), lines);
  lines = "";
}

if (dir !== undefined) {
  let last = now();
  let lastSched = sched();
  setInterval(() => {
    const t = now();
    const thread = sched();
    if (t - last >= TICK_MS + STALL_MS) {
      const cpu = thread.cpu - lastSched.cpu;
      const queued = thread.queued - lastSched.queued;
      const stall = { e: "stall", t: last, ms: t - last - TICK_MS, cpu, queued };
      lines += `${JSON.stringify(stall)}\n`;
    }
    last = t;
    lastSched = thread;
  }, TICK_MS).unref();
  setInterval(flush, 1_000).unref();
}

/** The next round's id and its header (none when the probe is off). */
export function nextRound(): { id: string; headers: Record<string, string> } {
  const id = `${threadId}-${++rounds}`;
  return { id, headers: dir === undefined ? {} : { "x-bench-round": id } };
}

/** A busy round that started at `started` (performance.now()) and took `ms`. */
export function logRound(id: string, started: number, ms: number): void {
  if (dir === undefined) return;
  lines += `${JSON.stringify({ e: "round", t: performance.timeOrigin + started, ms, id })}\n`;
}

/** Writes what is recorded (the thread writes once a second; before it closes, this). */
export const flushRounds = flush;
