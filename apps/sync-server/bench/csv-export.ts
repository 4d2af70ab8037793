/**
 * CSV export benchmark (issue 14): a merchant with 1M events and 100k customers, exported over
 * HTTP from the real server process (the bundle `npm start` runs) on SQLite and PostgreSQL, as a
 * client downloads it: rows per second, megabytes per second, time to the first byte, the
 * server's memory before and at its peak (the goal: bounded, whatever the size), and the CPU per
 * 1,000 rows of the server, of PostgreSQL (the server's backends apart from the cluster's own
 * processes: autovacuum, checkpointer, writers) and of this client.
 *
 * BENCH_BUNDLES=a.mjs,b.mjs exports the same seeded data with each bundle in turn (A B A B …,
 * BENCH_EXPORT_PAIRS rounds, 2 by default): rows per second swing with the machine, the CPU per
 * row much less. BENCH_EXPORT_BACKENDS=PostgreSQL (or SQLite) runs one database only.
 */

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { printTable } from "../../../scripts/bench-table";
import { startPostgresCluster } from "../test/postgres-cluster";
import { spawnServer } from "../test/spawn-server";
import {
  BackendsCpu,
  benchBundle,
  clusterCpuMs,
  cpuMs,
  createDatabase,
  databaseSettings,
  peakRssMb,
  whole,
} from "./bench-support";
import { seedExport } from "./csv-export-seed";

const EVENTS = Number(process.env.BENCH_EXPORT_EVENTS ?? 1_000_000);
const CARDS = Number(process.env.BENCH_EXPORT_CARDS ?? 100_000);
const BUNDLES = process.env.BENCH_BUNDLES?.split(",") ?? null;
const PAIRS = BUNDLES ? Number(process.env.BENCH_EXPORT_PAIRS ?? 2) : 1;
const BACKENDS = (process.env.BENCH_EXPORT_BACKENDS?.split(",") ?? ["SQLite", "PostgreSQL"]) as (
  | "SQLite"
  | "PostgreSQL"
)[];
/** The database the bench's PostgreSQL server exports from (its backends are counted apart). */
const DATABASE = "export";

/** The server's resident memory now (VmRSS), in MB. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * CPU so far: the server, the server's PostgreSQL backends (`backends`: exited ones too), the
 * cluster's other processes (its whole CPU, exited processes too, less the backends'), this client.
 */
function cpuNow(pid: number, cluster: { dir: string; backends: BackendsCpu } | null) {
  const backends = cluster ? cluster.backends.read() : 0;
  const client = process.cpuUsage();
  return {
    server: cpuMs(pid),
    backends,
    others: cluster ? clusterCpuMs(cluster.dir) - backends : 0,
    client: (client.user + client.system) / 1000,
  };
}

/** How often autovacuum has run on the events table (PostgreSQL), to see whether it ran beside a run. */
async function autovacuums(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ runs: number }>(
      "SELECT (autovacuum_count + autoanalyze_count)::int AS runs FROM pg_stat_user_tables WHERE relname = 'events'",
    );
    return rows[0]?.runs ?? 0;
  } finally {
    await client.end();
  }
}

/** Downloads an export as a client reads it: rows and bytes counted as they stream in. */
async function download(url: string, key: string) {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  if (response.status !== 200 || !response.body)
    throw new Error(`export answered ${response.status}`);
  let firstByte = 0;
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body) {
    if (bytes === 0) firstByte = performance.now() - started;
    bytes += chunk.length;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  }
  return { seconds: (performance.now() - started) / 1000, firstByte, bytes, rows: lines - 1 };
}

const dataDir = mkdtempSync(join(tmpdir(), "stamp-bench-export-"));
const cluster = startPostgresCluster();
try {
  const bundles = BUNDLES ?? [benchBundle()];
  const turns = Array.from({ length: PAIRS }, () => bundles).flat();
  const results: Record<string, string>[] = [];
  for (const backend of BACKENDS) {
    process.stderr.write(
      `${backend}: writing ${whole(CARDS)} cards and ${whole(EVENTS)} events…\n`,
    );
    const url = backend === "PostgreSQL" ? await createDatabase(cluster, DATABASE) : null;
    const dir = join(dataDir, backend);
    const { key } = await seedExport(dir, url, { eventCount: EVENTS, cardCount: CARDS });
    // Read every second from before the servers start: their pools end backends idle for 10 s.
    const database = url ? { dir: cluster.dataDir, backends: new BackendsCpu(DATABASE) } : null;
    for (const bundle of turns) {
      const server = await spawnServer(
        dir,
        { ...databaseSettings(url).env, BACKUP_DAYS: "0" },
        bundle,
      );
      try {
        const pid = server.child.pid as number;
        const before = rssMb(pid);
        for (const [what, path, expected] of [
          ["events", "/api/v1/exports/events.csv", EVENTS],
          ["customers", "/api/v1/exports/customers.csv", CARDS],
        ] as const) {
          const vacuumed = url ? await autovacuums(url) : 0;
          const cpu = cpuNow(pid, database);
          const run = await download(`${server.url}${path}`, key);
          const spent = cpuNow(pid, database);
          if (run.rows !== expected) throw new Error(`${what}: ${run.rows} rows, not ${expected}`);
          const perThousand = (ms: number) => ((ms * 1000) / run.rows).toFixed(1);
          results.push({
            export: `${backend}, ${what}.csv`,
            ...(BUNDLES ? { bundle: String.fromCharCode(65 + bundles.indexOf(bundle)) } : {}),
            rows: whole(run.rows),
            MB: (run.bytes / 1e6).toFixed(0),
            "rows/s": whole(run.rows / run.seconds),
            "MB/s": (run.bytes / 1e6 / run.seconds).toFixed(1),
            "first byte, ms": run.firstByte.toFixed(0),
            seconds: run.seconds.toFixed(1),
            "CPU ms per 1,000 rows: server": perThousand(spent.server - cpu.server),
            "PG backends": url ? perThousand(spent.backends - cpu.backends) : "–",
            "PG others": url ? perThousand(spent.others - cpu.others) : "–",
            client: perThousand(spent.client - cpu.client),
            autovacuum: url ? String((await autovacuums(url)) - vacuumed) : "–",
            "server RSS before, MB": before.toFixed(0),
            "server peak RSS (VmHWM), MB": peakRssMb(pid).toFixed(0),
            load: loadavg()[0]?.toFixed(1) ?? "",
          });
        }
      } finally {
        await server.stop();
      }
    }
    database?.backends.stop();
  }
  printTable(
    `CSV export over HTTP: ${whole(EVENTS)} events and ${whole(CARDS)} customers of one merchant, streamed page by page (1,000 rows) from the server process${BUNDLES ? ` (${bundles.map((path, i) => `${String.fromCharCode(65 + i)}: ${path}`).join(", ")})` : ""}`,
    results,
  );
} finally {
  cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
