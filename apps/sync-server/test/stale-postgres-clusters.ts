import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The prefix of a throwaway cluster's directory in the temp dir (postgres-cluster.ts). */
export const CLUSTER_DIR_PREFIX = "stamp-pg-";
/** In a cluster's directory: the pid of the test or bench run that made it and stops it. */
const RUN_PID_FILE = "run.pid";
/**
 * A directory with neither pid file is a run's only while initdb makes its cluster (seconds);
 * past this age it is one whose run was killed before its server started, or one a run made
 * before the run's pid was written (older code) whose server has gone.
 */
const NO_PID_FILE_AGE_MS = 10 * 60_000;

/** Marks `dir` as the cluster of this process: it is this run's until the process is gone. */
export function claimClusterDir(dir: string): void {
  writeFileSync(join(dir, RUN_PID_FILE), `${process.pid}\n`);
}

/** Whether a process with this pid runs (as any user: EPERM is someone else's live process). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid on the first line of `file`, or null when there is none. */
function pidIn(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8").split("\n", 1)[0] ?? "", 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** What to do with one cluster directory left in the temp dir. */
type Verdict = "keep" | "remove" | "stop-and-remove";

function verdict(dir: string, now: number): Verdict {
  const run = pidIn(join(dir, RUN_PID_FILE));
  const postmaster = pidIn(join(dir, "data", "postmaster.pid"));
  if (run !== null) {
    if (alive(run)) return "keep";
    // A killed run leaves its server running (pg_ctl made it a daemon): nobody will use it.
    return postmaster !== null && alive(postmaster) ? "stop-and-remove" : "remove";
  }
  if (postmaster !== null) return alive(postmaster) ? "keep" : "remove";
  return now - statSync(dir).mtimeMs > NO_PID_FILE_AGE_MS ? "remove" : "keep";
}

/**
 * Removes the cluster directories in `root` that no live run uses: several runs (other people's
 * too) may share the machine, and one killed (a test run stopped with ^C twice, a bench killed)
 * leaves its directory, and maybe its server, behind. A directory is a live run's while the run's
 * process is alive (`run.pid`), or, for directories without it, while its postmaster is
 * (`data/postmaster.pid`), or while it is young. Answers the directories removed.
 */
export function removeStaleClusters(
  root: string,
  pgCtl: (dataDir: string) => [string, string[]],
  now = Date.now(),
): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(root)) {
    if (!name.startsWith(CLUSTER_DIR_PREFIX)) continue;
    const dir = join(root, name);
    try {
      const what = verdict(dir, now);
      switch (what) {
        case "keep":
          continue;
        case "stop-and-remove": {
          const [file, args] = pgCtl(join(dir, "data"));
          spawnSync(file, [...args, "-m", "immediate", "-w", "stop"], { stdio: "ignore" });
          break;
        }
        case "remove":
          break;
        default: {
          const unreachable: never = what;
          throw new Error(`unknown verdict ${unreachable}`);
        }
      }
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Gone meanwhile (its run stopped it), or someone else's we may not touch: leave it.
    }
  }
  return removed;
}
