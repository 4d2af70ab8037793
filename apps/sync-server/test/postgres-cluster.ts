import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import {
  CLUSTER_DIR_PREFIX,
  claimClusterDir,
  removeStaleClusters,
} from "./stale-postgres-clusters";

/** A PostgreSQL server of our own, made for one test or bench run and thrown away after it. */
export interface PostgresCluster {
  /** Connects as the cluster's superuser to its `postgres` database, over a Unix socket. */
  readonly url: string;
  /** Its data directory (`postmaster.pid` names the server's process, e.g. for a bench's CPU). */
  readonly dataDir: string;
  stop(): void;
}

/** The database `name` in the cluster whose superuser URL is `clusterUrl`. */
export function clusterDatabaseUrl(clusterUrl: string, name: string): string {
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.href;
}

/** Debian's server binaries: PG_BINDIR, else `pg_config --bindir`, else the newest installed. */
function binDir(): string {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  const config = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (config.status === 0 && existsSync(join(config.stdout.trim(), "initdb")))
    return config.stdout.trim();
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0])
    throw new Error(
      "PostgreSQL server binaries not found: install Debian's postgresql (.ci/run does) or set PG_BINDIR",
    );
  return join(root, versions[0], "bin");
}

/**
 * initdb refuses to run as root: as root, the cluster belongs to the `postgres` user (Debian's
 * package makes it) and its commands run through runuser; otherwise as ourselves.
 */
function runAs(): {
  wrap: (command: string, args: string[]) => [string, string[]];
  owner?: number;
} {
  if (userInfo().uid !== 0) return { wrap: (command, args) => [command, args] };
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  return {
    wrap: (command, args) => ["runuser", ["-u", "postgres", "--", command, ...args]],
    owner: uid,
  };
}

/**
 * Starts a throwaway cluster in a temporary directory of `root`: no TCP port (a Unix socket in
 * that directory), no fsync (the data dies with the run), trust for local connections. A second
 * or so. First removes the directories (and servers) that killed runs left there.
 */
export function startPostgresCluster(root: string = tmpdir()): PostgresCluster {
  const bin = binDir();
  const { wrap, owner } = runAs();
  removeStaleClusters(root, (data) => wrap(join(bin, "pg_ctl"), ["-D", data]));
  const dir = mkdtempSync(join(root, CLUSTER_DIR_PREFIX));
  claimClusterDir(dir);
  if (owner !== undefined) chownSync(dir, owner, owner);
  const run = (command: string, args: string[]) => {
    const [file, argv] = wrap(join(bin, command), args);
    const result = spawnSync(file, argv, { encoding: "utf8", cwd: dir });
    if (result.status !== 0)
      throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout}`);
  };
  const data = join(dir, "data");
  run("initdb", [
    "-D",
    data,
    "-U",
    "stamp",
    "-A",
    "trust",
    "-E",
    "UTF8",
    "--locale=C",
    "--no-sync",
    "--no-instructions",
  ]);
  const settings = [
    `-k ${dir}`,
    "-c listen_addresses=''",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=300",
    "-c shared_buffers=64MB",
  ].join(" ");
  run("pg_ctl", [
    "-D",
    data,
    "-l",
    join(dir, "server.log"),
    "-w",
    "-t",
    "60",
    "-o",
    settings,
    "start",
  ]);
  const stopped = { done: false };
  return {
    url: `postgres://stamp@${encodeURIComponent(dir)}/postgres`,
    dataDir: data,
    stop() {
      if (stopped.done) return;
      stopped.done = true;
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
