import pg from "pg";
import type { PostgresCluster } from "../test/postgres-cluster";
import type { SpawnedServer } from "../test/spawn-server";
import { clusterCpuMs, databaseSettings } from "./bench-support";
import {
  nextStatements,
  PG_STATEMENTS_PROBE,
  type StatementCounts,
  statementsBetween,
} from "./pg-statements-probe";

/** One ingest A/B run's database (`ingest-ab.ts`, AB_DATABASE=PostgreSQL) and what it measures. */
export interface PostgresRun {
  /** The server's environment for the database. */
  readonly env: Record<string, string>;
  /** What NODE_OPTIONS adds: the statements probe. */
  readonly probe: string;
  /** Notes where the measured batches start. */
  start(server: SpawnedServer): Promise<void>;
  /** Per batch since `start`: PostgreSQL's CPU, the statements sent, the WAL written. */
  end(server: SpawnedServer, batches: number): Promise<string>;
  drop(): Promise<void>;
}

interface Mark {
  readonly database: number;
  readonly wal: number;
  readonly statements: StatementCounts;
}

/**
 * A copy of the seeded database `template` named `name` in `cluster`, for one run. PostgreSQL's
 * CPU is the whole cluster's, exited processes too (`clusterCpuMs`, as `run.ts` counts it): the
 * pool ends connections idle for a while, and a backend's CPU leaves /proc with it. The runs take
 * turns, so the cluster works for one server at a time.
 */
export async function ingestOnPostgres(
  cluster: PostgresCluster,
  template: string,
  name: string,
): Promise<PostgresRun> {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  const mark = async (server: SpawnedServer): Promise<Mark> => {
    const statements = nextStatements(server);
    server.child.kill("SIGUSR2");
    const [row] = (await admin.query<{ lsn: string }>("SELECT pg_current_wal_lsn() - '0/0' AS lsn"))
      .rows;
    const database = clusterCpuMs(cluster.dataDir);
    return { database, wal: Number(row?.lsn), statements: await statements };
  };
  let from: Mark | null = null;
  return {
    env: databaseSettings(url.href).env,
    probe: ` --import=${PG_STATEMENTS_PROBE}`,
    async start(server) {
      from = await mark(server);
    },
    async end(server, batches) {
      const to = await mark(server);
      if (!from) throw new Error("the measured batches never started");
      const sent = statementsBetween(from.statements, to.statements);
      const each = Object.entries(sent.byName)
        .sort(([, a], [, b]) => b - a)
        .map(([statement, count]) => `${statement} ${(count / batches).toFixed(2)}`);
      return [
        `PostgreSQL CPU ms/batch ${((to.database - from.database) / batches).toFixed(1)},`,
        `statements/batch ${(sent.statements / batches).toFixed(2)} (${each.join(", ")}),`,
        `WAL kB/batch ${((to.wal - from.wal) / batches / 1e3).toFixed(1)}`,
      ].join(" ");
    },
    async drop() {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
