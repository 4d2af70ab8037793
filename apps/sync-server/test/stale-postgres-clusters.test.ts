import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { withPgClient } from "../src/storage/pg/with-pg-client";
import { startPostgresCluster } from "./postgres-cluster";
import { removeStaleClusters } from "./stale-postgres-clusters";

const root = mkdtempSync(join(tmpdir(), "stale-clusters-"));
chmodSync(root, 0o711); // as root, the clusters belong to the postgres user, who must get in
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid as number;
}

/** A cluster directory as a run leaves it: its run's pid, its postmaster's, and its age. */
function clusterDir(
  name: string,
  pids: { run?: number; postmaster?: number },
  ageMinutes = 0,
): string {
  const dir = join(root, `stamp-pg-${name}`);
  mkdirSync(join(dir, "data"), { recursive: true });
  if (pids.run !== undefined) writeFileSync(join(dir, "run.pid"), `${pids.run}\n`);
  if (pids.postmaster !== undefined)
    writeFileSync(join(dir, "data", "postmaster.pid"), `${pids.postmaster}\n${dir}/data\n`);
  const at = new Date(Date.now() - ageMinutes * 60_000);
  utimesSync(dir, at, at);
  return dir;
}

const neverStops = (): [string, string[]] => {
  throw new Error("no server to stop here");
};

describe("stale test PostgreSQL clusters", () => {
  it("removes the directories of dead runs and dead servers, never those of a live run", () => {
    const dead = deadPid();
    const gone = [
      clusterDir("run-killed", { run: dead }),
      clusterDir("old-code-server-gone", { postmaster: dead }),
      clusterDir("killed-before-start", {}, 11),
    ];
    const live = [
      clusterDir("this-run", { run: process.pid, postmaster: dead }),
      clusterDir("old-code-server-up", { postmaster: process.pid }, 60),
      clusterDir("in-initdb", {}),
      clusterDir("other-user", { run: 1 }, 60), // alive, not ours to signal (EPERM as non-root)
    ];
    mkdirSync(join(root, "not-a-cluster"));

    expect(removeStaleClusters(root, neverStops).sort()).toEqual(gone.sort());
    expect(gone.filter(existsSync)).toEqual([]);
    expect(live.filter(existsSync)).toEqual(live);
    expect(existsSync(join(root, "not-a-cluster"))).toBe(true);
    for (const dir of live) rmSync(dir, { recursive: true });
  });

  it("stops the server a killed run left running, then removes its directory", async () => {
    const left = startPostgresCluster(root);
    await withPgClient(left.url, (client) => client.query("SELECT 1"));
    writeFileSync(join(left.dataDir, "..", "run.pid"), `${deadPid()}\n`); // its run was killed

    const next = startPostgresCluster(root);
    try {
      expect(existsSync(left.dataDir)).toBe(false);
      await expect(withPgClient(left.url, (client) => client.query("SELECT 1"))).rejects.toThrow();
      await withPgClient(next.url, (client) => client.query("SELECT 1"));
    } finally {
      next.stop();
    }
  });
});
