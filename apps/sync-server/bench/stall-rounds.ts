/**
 * What made the slow rounds (BENCH_STALLS=1, issue 16's p99): the servers run `stall-probe.mjs`
 * (their event loop's stalls with the CPU used in each, GCs, SQLite checkpoints, each busy round's
 * own time and every other answer), the client threads `round-log.ts` (each busy round's start and
 * latency, their own loop's stalls). `stallRows` joins them: each round slower than SLOW_MS is put
 * down to what overlapped most of it — a server stall (its main thread waiting for a core: the
 * machine's other work, the client's threads among it; blocked in a system call; in a checkpoint,
 * in a mark-compact, or in our own JavaScript: with how many other answers it finished then), a
 * stall of its client thread (waiting for a core, or running) — or, with no stall in it, to the
 * server's time of the request (waiting in it: the pull gate, a commit, the WAL's sync) or to
 * neither (the request waited outside the server's handler: in the socket or the client).
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { percentile } from "../../../scripts/bench-table";
import type { Phase } from "./memory-split";

type Entry =
  | {
      readonly e: "stall";
      readonly t: number;
      readonly ms: number;
      readonly cpu: number;
      readonly queued: number;
    }
  | { readonly e: "sched"; readonly t: number; readonly cpu: number; readonly queued: number }
  | { readonly e: "gc"; readonly t: number; readonly ms: number; readonly kind: string }
  | { readonly e: "checkpoint"; readonly t: number; readonly ms: number; readonly frames: number }
  | { readonly e: "round"; readonly t: number; readonly ms: number; readonly id: string }
  | { readonly e: "answer"; readonly t: number; readonly ms: number };

/** BENCH_STALLS=keep: the records stay (their directory is printed) for a closer look. */
const keep = process.env.BENCH_STALLS === "keep";
const on = process.env.BENCH_STALLS === "1" || keep;
const dir = on ? mkdtempSync(join(tmpdir(), "stamp-bench-stalls-")) : "";
// The client threads (`round-log.ts`) inherit it.
if (on) process.env.BENCH_STALLS_DIR = dir;
const probe = fileURLToPath(new URL("./stall-probe.mjs", import.meta.url));

export const stallProbeOn = on;

/** `env` with the stall probe loaded as well; as it is without BENCH_STALLS=1. */
export function withStallProbe(env: Record<string, string>): Record<string, string> {
  if (!on) return env;
  const options = `${env.NODE_OPTIONS ?? ""} --import=${probe}`.trim();
  return { ...env, NODE_OPTIONS: options, BENCH_STALLS_DIR: dir };
}

/** A stall that ran this long on a core, ms, holds a quiet machine's rounds up as well. */
const ON_CORE_MS = 20;

/** A round this slow, ms, is put down to a cause. */
const SLOW_MS = 100;

function lines(name: string): Entry[] {
  return readFileSync(join(dir, name), "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Entry);
}

const files = (prefix: string) => readdirSync(dir).filter((name) => name.startsWith(prefix));

/** The servers' records, by time. */
const readServers = () =>
  files("server-")
    .flatMap(lines)
    .sort((a, b) => a.t - b.t);

/** The client threads' records, each with its thread (`client-<pid>-<thread>.jsonl`). */
type ThreadEntry = Entry & { readonly thread: string };

const readClients = (): ThreadEntry[] =>
  files("client-").flatMap((name) => {
    const thread = name.replace(/\.jsonl$/, "").split("-")[2] as string;
    return lines(name).map((x) => ({ ...x, thread }));
  });

/** A thread's CPU and run-queue ms within `from` … `to`, from its once-a-second records. */
function schedWithin(records: readonly Entry[], from: number, to: number) {
  const sched = records.filter((x): x is Entry & { e: "sched" } => x.e === "sched");
  const first = sched.find((x) => x.t >= from);
  const last = sched.findLast((x) => x.t <= to);
  if (!first || !last) return { cpu: 0, queued: 0, ms: 0 };
  return { cpu: last.cpu - first.cpu, queued: last.queued - first.queued, ms: last.t - first.t };
}

/**
 * Each phase: how much of its time the server's main thread and each client thread ran on a core
 * and waited for one (a thread that waits for a core while its work is due is the machine's).
 */
export function schedRows(phases: readonly Phase[]): Record<string, string>[] {
  const threads = [
    ...files("server-").map((name) => [`server ${name.split(/[-.]/)[1]}`, lines(name)] as const),
    ...files("client-").map((name) => [`client ${name.split(/[-.]/)[2]}`, lines(name)] as const),
  ];
  const pct = (part: number, whole: number) =>
    `${((part / Math.max(1, whole)) * 100).toFixed(0)} %`;
  return phases.flatMap(({ name, window: [from, to] }) =>
    threads.flatMap(([thread, records]) => {
      const { cpu, queued, ms } = schedWithin(records, from, to);
      // A phase shorter than the records' second, or a thread that did nothing in it.
      if (ms <= 0 || cpu <= 0) return [];
      return {
        phase: name,
        thread,
        "on a core, ms": cpu.toFixed(0),
        "on a core": pct(cpu, ms),
        "waiting for a core": pct(queued, ms),
        "waited per ms run": (queued / cpu).toFixed(2),
      };
    }),
  );
}

const overlap = (a: { t: number; ms: number }, b: { t: number; ms: number }) =>
  Math.max(0, Math.min(a.t + a.ms, b.t + b.ms) - Math.max(a.t, b.t));

type Stall = Entry & { e: "stall" };

/** The first index of `sorted` (ascending) whose value is ≥ `x`. */
function lowerBound(sorted: readonly number[], x: number): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < x) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Each server stall with what the main thread ran in it (on a core, whatever the machine's load
 * made of its wall time): a checkpoint, a mark-compact, or our own JavaScript (with how many other
 * answers it sent then: held pulls woken or timed out together); and why it stood still: waiting
 * for a core, blocked in a system call, or that work. Looked up by time, not by scanning every
 * record for every stall: a full run holds hundreds of thousands of answers.
 */
function serverStalls(server: readonly Entry[]): Map<Stall, { work: string; cause: string }> {
  const short = server.filter(
    (x): x is Extract<Entry, { e: "gc" | "checkpoint" }> => x.e === "gc" || x.e === "checkpoint",
  );
  const shortStarts = short.map((x) => x.t);
  // A held pull's record spans its whole wait: only its end (the answer sent) counts.
  const answersSent = server
    .flatMap((x) => (x.e === "answer" ? [x.t + x.ms] : []))
    .sort((a, b) => a - b);
  const stalls = new Map<Stall, { work: string; cause: string }>();
  for (const stall of server) {
    if (stall.e !== "stall") continue;
    const end = stall.t + stall.ms;
    // GC and checkpoint records last well under a minute.
    const within: typeof short = [];
    for (let i = lowerBound(shortStarts, stall.t - 60_000); i < short.length; i++) {
      const x = short[i] as (typeof short)[number];
      if (x.t > end) break;
      if (overlap(x, stall) > 0) within.push(x);
    }
    const marking = within
      .filter((x) => x.e === "gc" && x.kind === "mark-compact")
      .reduce((n, x) => n + overlap(x, stall), 0);
    const answers = lowerBound(answersSent, end + 5) - lowerBound(answersSent, stall.t);
    const work = within.some((x) => x.e === "checkpoint")
      ? "SQLite checkpoint"
      : marking >= stall.cpu / 3
        ? "mark-compact GC"
        : `own JS, ${answers < 20 ? "< 20" : "≥ 20"} other answers sent in it`;
    const cause =
      work === "SQLite checkpoint"
        ? work
        : stall.queued >= stall.ms / 2
          ? "waiting for a core (machine)"
          : stall.cpu + stall.queued < stall.ms / 2
            ? "blocked in a system call"
            : work;
    stalls.set(stall, { work, cause: `server stall: ${cause}` });
  }
  return stalls;
}

/** Rounds slower than SLOW_MS in each phase, by cause, with the share of all the phase's rounds. */
export function stallRows(phases: readonly Phase[]): Record<string, string>[] {
  const server = readServers();
  const clientEntries = readClients();
  const serverRounds = new Map<string, number>();
  for (const x of server) if (x.e === "round") serverRounds.set(x.id, x.ms);
  const stalls = serverStalls(server);
  // Client stalls are per thread, the thread being the round id's first part.
  const clientStalls = clientEntries.filter(
    (x): x is Extract<ThreadEntry, { e: "stall" }> => x.e === "stall",
  );
  const rounds = clientEntries.filter(
    (x): x is Extract<ThreadEntry, { e: "round" }> => x.e === "round",
  );
  return phases.flatMap(({ name, window: [from, to] }) => {
    const inPhase = rounds.filter((r) => r.t >= from && r.t <= to);
    if (inPhase.length === 0) return [];
    const causes = new Map<string, number>();
    let seenByServer = 0;
    for (const round of inPhase.filter((r) => r.ms > SLOW_MS)) {
      const own = serverRounds.get(round.id) ?? 0;
      if (own > SLOW_MS / 2) seenByServer++;
      const candidates: [string, number][] = [...stalls]
        .filter(([s]) => overlap(s, round) > 0)
        .map(([s, { cause }]) => [cause, overlap(s, round)]);
      const thread = round.id.split("-")[0];
      for (const stall of clientStalls.filter((s) => s.thread === thread && overlap(s, round) > 0))
        candidates.push([
          stall.queued >= stall.ms / 2
            ? "client thread stall: waiting for a core"
            : "client thread stall: running",
          overlap(stall, round),
        ]);
      const byCause = new Map<string, number>();
      for (const [cause, ms] of candidates) byCause.set(cause, (byCause.get(cause) ?? 0) + ms);
      const [top, ms] = [...byCause].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
      const cause =
        ms >= round.ms / 4
          ? top
          : own >= round.ms / 2
            ? "no stall: waiting inside the server's request (gate, commit, WAL sync)"
            : "no stall: outside the server's handler (socket queue, client)";
      causes.set(cause, (causes.get(cause) ?? 0) + 1);
    }
    const latencies = inPhase.map((r) => r.ms);
    const slow = latencies.filter((ms) => ms > SLOW_MS).length;
    const share = (n: number) => `${n} (${((n / inPhase.length) * 100).toFixed(2)} %)`;
    const head = {
      phase: name,
      rounds: String(inPhase.length),
      "p99 ms": percentile(latencies, 99).toFixed(1),
      [`rounds > ${SLOW_MS} ms`]: share(slow),
      "of them > 50 ms in the server's own time": String(seenByServer),
    };
    return [...causes]
      .sort((a, b) => b[1] - a[1])
      .map(([cause, n], i) => ({
        ...(i === 0 ? head : Object.fromEntries(Object.keys(head).map((k) => [k, ""]))),
        cause,
        "rounds (share of all)": share(n),
      }));
  });
}

/**
 * Each phase's server stalls (≥ 20 ms) by what the main thread ran in them: how many, their wall
 * time (the machine's load stretches it) and their time on a core (it does not: a stall of ≥
 * ON_CORE_MS on a core is one a quiet machine has too, and a round arriving in it waits it out).
 */
export function stallTimeRows(phases: readonly Phase[]): Record<string, string>[] {
  const server = readServers();
  const stalls = serverStalls(server);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0).toFixed(0);
  return phases.flatMap(({ name, window: [from, to] }) => {
    const byWork = new Map<string, (Entry & { e: "stall" })[]>();
    for (const [stall, { work }] of stalls) {
      if (stall.t < from || stall.t > to) continue;
      byWork.set(work, [...(byWork.get(work) ?? []), stall]);
    }
    const checkpoints = server.filter((x) => x.e === "checkpoint" && x.t >= from && x.t <= to);
    return [...byWork].map(([work, of]) => {
      const onCore = of.map((s) => s.cpu);
      return {
        phase: name,
        "checkpoints in the phase": String(checkpoints.length),
        "main thread ran": work,
        stalls: String(of.length),
        "wall ms in all (longest)": `${sum(of.map((s) => s.ms))} (${Math.max(...of.map((s) => s.ms)).toFixed(0)})`,
        "ms on a core in all (longest)": `${sum(onCore)} (${Math.max(...onCore).toFixed(0)})`,
        [`≥ ${ON_CORE_MS} ms on a core`]: String(onCore.filter((ms) => ms >= ON_CORE_MS).length),
      };
    });
  });
}

/** Removes the probes' records, once the tables are printed. */
export function removeStallRecords(): void {
  if (keep) process.stderr.write(`stall records kept in ${dir}\n`);
  else if (on) rmSync(dir, { recursive: true, force: true });
}
