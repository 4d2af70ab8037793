import type { TestProject } from "vitest/node";
import { startPostgresCluster } from "./postgres-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's own PostgreSQL cluster (superuser, `postgres` database); see test-postgres.ts. */
    postgresUrl: string;
  }
}

/**
 * One throwaway PostgreSQL cluster for the whole test run (vitest globalSetup): test files make
 * their own databases in it, so starting a server costs a second once, not once per file.
 */
export default function setup(project: TestProject): () => void {
  const cluster = startPostgresCluster();
  project.provide("postgresUrl", cluster.url);
  return () => cluster.stop();
}
