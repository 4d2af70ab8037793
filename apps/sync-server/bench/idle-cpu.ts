/**
 * What an idle server costs: its CPU per minute with nothing to do (no tills, no campaigns, no
 * webhooks), for 1 and 100 merchants, on SQLite and on PostgreSQL (the cluster's CPU beside the
 * server's). The background workers' claims were most of it. BENCH_BUNDLES=a.mjs,b.mjs runs
 * each bundle in turn on the same seeded data, interleaved (A B A B), so a loaded machine's
 * swing falls on both alike; BENCH_IDLE_S: seconds measured per run (60); BENCH_IDLE_PG=0: SQLite
 * only.
 */

import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { printTable } from "../../../scripts/bench-table";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { type PostgresCluster, startPostgresCluster } from "../test/postgres-cluster";
import { spawnServer } from "../test/spawn-server";
import {
  benchBundle,
  clusterCpuMs,
  cpuMs,
  createDatabase,
  databaseSettings,
} from "./bench-support";

const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 60);
const MERCHANTS = [1, 100];
/** After start-up (migrations, first rounds, the collector settling the heap), before the time counted. */
const SETTLE_MS = 15_000;

/** Seeds `merchants` into a data dir (and the database, for PostgreSQL). */
async function seed(dataDir: string, databaseUrl: string | null, merchants: number) {
  const database = databaseSettings(databaseUrl);
  const config = { ...loadConfig({}), dataDir, ...database.config };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  for (let i = 0; i < merchants; i++) await createMerchant(services, `Idle Cafe ${i}`);
  await services.storage.close();
  return database.env;
}

/** A bundle's server idle on the seeded data: its CPU per minute, and the cluster's (PostgreSQL). */
async function idleMinute(
  seeded: string,
  dataDir: string,
  env: Record<string, string>,
  bundle: string,
  cluster: PostgresCluster | null,
) {
  cpSync(seeded, dataDir, { recursive: true });
  const server = await spawnServer(dataDir, env, bundle);
  try {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const pid = server.child.pid as number;
    const database = () => (cluster ? clusterCpuMs(cluster.dataDir) : 0);
    const before = { server: cpuMs(pid), database: database() };
    await new Promise((resolve) => setTimeout(resolve, IDLE_S * 1000));
    const perMinute = (ms: number) => ((ms * 60) / IDLE_S).toFixed(0);
    return {
      server: perMinute(cpuMs(pid) - before.server),
      database: cluster ? perMinute(database() - before.database) : "–",
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const root = mkdtempSync(join(tmpdir(), "stamp-bench-idle-cpu-"));
const cluster = process.env.BENCH_IDLE_PG === "0" ? null : startPostgresCluster();
try {
  const bundles = process.env.BENCH_BUNDLES?.split(",") ?? [benchBundle()];
  const rows: Record<string, string>[] = [];
  for (const deployment of cluster ? [null, cluster] : [null])
    for (const merchants of MERCHANTS) {
      const seeded = join(root, `seeded-${merchants}-${deployment ? "pg" : "sqlite"}`);
      const url = deployment ? await createDatabase(deployment, `idle_${merchants}`) : null;
      const env = await seed(seeded, url, merchants);
      for (const [turn, bundle] of [...bundles, ...bundles].entries()) {
        const dataDir = join(root, `run-${turn}`);
        const cpu = await idleMinute(seeded, dataDir, env, bundle, deployment);
        rows.push({
          database: deployment ? "PostgreSQL" : "SQLite",
          merchants: String(merchants),
          bundle: bundle.split("/").at(-1) ?? bundle,
          "server CPU per idle minute, ms": cpu.server,
          "PostgreSQL CPU per idle minute, ms": cpu.database,
          load: loadavg()[0]?.toFixed(1) ?? "",
        });
      }
    }
  printTable(
    `An idle server's CPU (${IDLE_S} s per run, after ${SETTLE_MS / 1000} s settling)`,
    rows,
  );
} finally {
  cluster?.stop();
  rmSync(root, { recursive: true, force: true });
}
