/**
 * What garbage collection cost each phase of a bench (BENCH_GC=1): the bench starts each stampd
 * with `gc-probe.mjs` (NODE_OPTIONS=--import), which records every GC's kind and pause; `gcRows`
 * counts, within each phase's window, the mark-compacts and scavenges and sums their pauses. A
 * mark-compact's pause grows with the live old generation (issues 13/16: what held pulls keep
 * alive through their wait), and a busy till's round that arrives during one waits it out.
 */

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Phase } from "./memory-split";

interface GcEntry {
  readonly t: number;
  readonly kind: string;
  readonly ms: number;
}

const on = process.env.BENCH_GC === "1";
const dir = on ? mkdtempSync(join(tmpdir(), "stamp-bench-gc-")) : "";
const probe = fileURLToPath(new URL("./gc-probe.mjs", import.meta.url));

/**
 * `env` (a server's environment, its NODE_OPTIONS perhaps loading the memory probe already) with
 * the GC probe loaded as well; as it is without BENCH_GC=1.
 */
export function withGcProbe(env: Record<string, string>): Record<string, string> {
  if (!on) return env;
  const options = `${env.NODE_OPTIONS ?? ""} --import=${probe}`.trim();
  return { ...env, NODE_OPTIONS: options, BENCH_GC_DIR: dir };
}

export const gcProbeOn = on;

const ms = (n: number) => n.toFixed(0);

/** Each instance's GCs per phase: mark-compacts (count, pause total, longest), scavenges. */
export function gcRows(
  pids: readonly number[],
  phases: readonly Phase[],
): Record<string, string>[] {
  return pids.flatMap((pid, instance) => {
    const entries = readFileSync(join(dir, `${pid}.jsonl`), "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as GcEntry);
    return phases.map(({ name, window: [from, to] }) => {
      const within = entries.filter((e) => e.t >= from && e.t <= to);
      const of = (kind: string) => within.filter((e) => e.kind === kind).map((e) => e.ms);
      const majors = of("mark-compact");
      const minors = of("scavenge");
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      return {
        instance: String(instance + 1),
        phase: name,
        seconds: ((to - from) / 1000).toFixed(1),
        "mark-compacts": String(majors.length),
        "their pause, ms (longest)": `${ms(sum(majors))} (${ms(Math.max(0, ...majors))})`,
        scavenges: String(minors.length),
        "their pause, ms": ms(sum(minors)),
      };
    });
  });
}

/** Removes the probe's records, once the tables are printed. */
export function removeGcRecords(): void {
  if (on) rmSync(dir, { recursive: true, force: true });
}
