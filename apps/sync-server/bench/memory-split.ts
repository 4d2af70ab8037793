/**
 * What a server's peak RSS is made of (BENCH_MEMORY=1): the bench starts each stampd with
 * `memory-probe.mjs`, which samples the process every 100 ms; `memorySplit` picks, among one
 * process's samples within a time window, the one of the most RSS and splits it into the V8 heap
 * (of which the young generation), Buffers and ArrayBuffers outside it, what is neither (SQLite's
 * page cache, pg's and the sockets' buffers, malloc's free lists, thread stacks, code) and the
 * mapped files (node's binary and the native modules). The anonymous memory again by mappings, at
 * the sample of the most RSS that read them: malloc's arenas (where SQLite's page cache, Buffers
 * under 128 kB and V8's compiler zones live) and the rest, less this thread's V8 heap: a worker's
 * isolate (the checkpoint worker's), malloc's chunks of 128 kB and more, thread stacks.
 */

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

interface Sample {
  readonly t: number;
  readonly rss: number;
  readonly rssAnon: number;
  readonly rssFile: number;
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly heapPhysical?: number;
  readonly newSpace: number;
  readonly oldSpace?: number;
  readonly codeSpace?: number;
  readonly largeObjects?: number;
  readonly external: number;
  readonly arrayBuffers: number;
  /** Answers their tills have not read yet: sockets Node holds bytes for, and the bytes. */
  readonly unread?: { readonly sockets: number; readonly bytes: number };
  /** Read from /proc/self/smaps when the process reached a new most RSS (`memory-probe.mjs`). */
  readonly native?: {
    readonly mallocMain: number;
    readonly mallocArenas: number;
    readonly arenas: number;
    readonly otherAnon: number;
  };
}

const on = process.env.BENCH_MEMORY === "1";
const dir = on ? mkdtempSync(join(tmpdir(), "stamp-bench-memory-")) : "";
const probe = fileURLToPath(new URL("./memory-probe.mjs", import.meta.url));

/**
 * The environment that loads the probe into a server (none without BENCH_MEMORY=1), with the node
 * flags BENCH_SERVER_FLAGS adds (a heap snapshot on a signal: "--heapsnapshot-signal=SIGUSR2
 * --diagnostic-dir=/tmp"; one at a heap size: BENCH_HEAP_SNAPSHOT_MB, `memory-probe.mjs`).
 * NODE_OPTIONS cannot change a flag on stampd's #! line (the command
 * line wins: `--max-semi-space-size` here stays 4) and refuses most V8 flags
 * (`--heap-growing-percent`): to measure another value, STAMPD_NODE_FLAGS (`spawn-server.ts`).
 */
export const memoryProbe = {
  on,
  env: on
    ? ({
        NODE_OPTIONS: `--import=${probe} ${process.env.BENCH_SERVER_FLAGS ?? ""}`,
        BENCH_MEMORY_DIR: dir,
      } as Record<string, string>)
    : {},
};

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** A stretch of the run, by name. */
export interface Phase {
  readonly name: string;
  readonly window: readonly [number, number];
}

/**
 * The split at the sample of the most RSS of `pid` within `window`, as a table row's cells, with
 * the phase it fell in.
 */
export function memorySplit(
  pid: number,
  [from, to]: readonly [number, number],
  phases: readonly Phase[] = [],
): Record<string, string> {
  const samples = readFileSync(join(dir, `${pid}.jsonl`), "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Sample)
    .filter((s) => s.t >= from && s.t <= to);
  const peak = samples.reduce<Sample | null>((a, s) => (a && a.rss >= s.rss ? a : s), null);
  if (!peak) return { "RSS, MB": "—" };
  const heap = (name: "oldSpace" | "codeSpace" | "largeObjects") =>
    name in peak ? mb(peak[name] ?? 0) : "—";
  const mapped = samples
    .filter((s) => s.native !== undefined)
    .reduce<Sample | null>((a, s) => (a && a.rss >= s.rss ? a : s), null);
  const native = mapped?.native;
  return {
    "RSS, MB": mb(peak.rss),
    "V8 heap: used / committed, MB": `${mb(peak.heapUsed)} / ${mb(peak.heapTotal)}`,
    "of which young / old / code / large objects, MB": `${mb(peak.newSpace)} / ${heap("oldSpace")} / ${heap("codeSpace")} / ${heap("largeObjects")}`,
    "external (ArrayBuffers), MB": `${mb(peak.external)} (${mb(peak.arrayBuffers)})`,
    "native rest: anon − heap − external, MB": mb(peak.rssAnon - peak.heapTotal - peak.external),
    "mapped files, MB": mb(peak.rssFile),
    "at RSS, MB: malloc main arena + other arenas (n) + other anon − V8 heap":
      mapped && native
        ? `at ${mb(mapped.rss)}: ${mb(native.mallocMain)} + ${mb(native.mallocArenas)} (${native.arenas}) + ${mb(native.otherAnon - (mapped.heapPhysical ?? mapped.heapTotal))}`
        : "—",
    "answers unread: sockets (kB held)": peak.unread
      ? `${peak.unread.sockets} (${(peak.unread.bytes / 1024).toFixed(0)})`
      : "—",
    "most heap used in the step, MB": mb(Math.max(...samples.map((s) => s.heapUsed))),
    "peak in": phases.length
      ? (phases.find(({ window: [a, b] }) => peak.t >= a && peak.t <= b)?.name ??
        "outside the phases")
      : "",
  };
}

/** Each instance's split over the whole run (with the phase its peak fell in), then per phase. */
export function memoryRows(
  pids: readonly number[],
  phases: readonly Phase[],
): Record<string, string>[] {
  return pids.flatMap((pid, instance) => [
    {
      instance: String(instance + 1),
      step: "whole run",
      ...memorySplit(pid, [0, Number.POSITIVE_INFINITY], phases),
    },
    ...phases.map((phase) => ({
      instance: String(instance + 1),
      step: phase.name,
      ...memorySplit(pid, phase.window),
    })),
  ]);
}

/** Removes the probe's samples, once the tables are printed. */
export function removeMemorySamples(): void {
  if (on) rmSync(dir, { recursive: true, force: true });
}
