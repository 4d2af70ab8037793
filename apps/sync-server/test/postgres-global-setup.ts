import type { TestProject } from "vitest/node";
import { openPgLog } from "../src/storage/pg/pg-storage";
import { withPgClient } from "../src/storage/pg/with-pg-client";
import { clusterDatabaseUrl, startPostgresCluster } from "./postgres-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's own PostgreSQL cluster (superuser, `postgres` database); see test-postgres.ts. */
    postgresUrl: string;
    /** A database of the cluster with every migration applied, to copy (see test-postgres.ts). */
    migratedTemplate: string;
  }
}

const MIGRATED_TEMPLATE = "stamp_migrated_template";

/**
 * Migrates MIGRATED_TEMPLATE as a server does on its first start, then closes it to connections:
 * CREATE DATABASE … TEMPLATE copies only a database no one is connected to.
 */
async function makeMigratedTemplate(clusterUrl: string): Promise<void> {
  await withPgClient(clusterUrl, (client) => client.query(`CREATE DATABASE ${MIGRATED_TEMPLATE}`));
  const { context } = await openPgLog(clusterDatabaseUrl(clusterUrl, MIGRATED_TEMPLATE), 1);
  await context.pool.end();
  await withPgClient(clusterUrl, (client) =>
    client.query(`ALTER DATABASE ${MIGRATED_TEMPLATE} WITH ALLOW_CONNECTIONS false`),
  );
}

/**
 * One throwaway PostgreSQL cluster for the whole test run (vitest globalSetup): test files make
 * their own databases in it, so starting a server costs a second once, not once per file; the
 * migrations run once, into the template those databases are copied from.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = startPostgresCluster();
  try {
    await makeMigratedTemplate(cluster.url);
  } catch (error) {
    cluster.stop();
    throw error;
  }
  project.provide("postgresUrl", cluster.url);
  project.provide("migratedTemplate", MIGRATED_TEMPLATE);
  return () => cluster.stop();
}
