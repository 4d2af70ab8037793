import { readdirSync, readFileSync } from "node:fs";

/** What a process of the bench is, by its command line. */
export type ProcessKind = "server" | "page" | "browser";

/** CPU time (user + system, ms) of this process's descendants, summed by kind. */
export type CpuByKind = Record<ProcessKind, number>;

const TICK_MS = 10;

function read(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    // Gone between listing and reading: it used no more CPU worth counting.
    return null;
  }
}

function children(pid: number): number[] {
  const tasks = (() => {
    try {
      return readdirSync(`/proc/${pid}/task`);
    } catch {
      return [];
    }
  })();
  return tasks.flatMap((tid) =>
    (read(`/proc/${pid}/task/${tid}/children`) ?? "")
      .split(" ")
      .filter((s) => s !== "")
      .map(Number),
  );
}

/** utime + stime of a process (all its threads), in ms; the comm field may hold spaces. */
function cpuMs(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === null) return 0;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function kindOf(pid: number): ProcessKind | null {
  const command = (read(`/proc/${pid}/cmdline`) ?? "").split("\0").join(" ");
  if (command.includes("stampd")) return "server";
  if (command.includes("--type=renderer")) return "page";
  if (command.includes("chrom")) return "browser";
  return null;
}

/**
 * CPU time used so far by the bench's server (`stampd`), its Chromium renderers (the page: the
 * app's JS, Dexie, JSON) and the rest of Chromium (the browser process runs IndexedDB and the
 * network). CPU time, unlike wall time, holds when other work shares the machine's cores.
 */
export function cpuByKind(root = process.pid): CpuByKind {
  const total: CpuByKind = { server: 0, page: 0, browser: 0 };
  const queue = children(root);
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    const kind = kindOf(pid);
    if (kind !== null) total[kind] += cpuMs(pid);
    queue.push(...children(pid));
  }
  return total;
}

export function cpuSince(before: CpuByKind, after: CpuByKind): CpuByKind {
  return {
    server: after.server - before.server,
    page: after.page - before.page,
    browser: after.browser - before.browser,
  };
}
