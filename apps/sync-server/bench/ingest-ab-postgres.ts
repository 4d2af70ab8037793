import pg from "pg";
import type { PostgresCluster } from "../test/postgres-cluster";
import type { SpawnedServer } from "../test/spawn-server";
import { databaseSettings } from "./bench-support";
import {
  backendsCpuMs,
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
  /** Per batch since `start`: the backends' CPU, the statements sent, the WAL written. */
  end(server: SpawnedServer, batches: number): Promise<string>;
  drop(): Promise<void>;
}

interface Mark {
  readonly backends: number;
  readonly wal: number;
  readonly statements: StatementCounts;
}

/**
 * A copy of the seeded database `template` named `name` in `cluster`, for one run: the server's
 * backends are the processes connected to it, so their CPU is the server's share of PostgreSQL's.
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
    return { backends: backendsCpuMs(name), wal: Number(row?.lsn), statements: await statements };
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
        `backends CPU ms/batch ${((to.backends - from.backends) / batches).toFixed(1)},`,
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
