import { randomBytes } from "node:crypto";
import type pg from "pg";
import { inject } from "vitest";
import { withPgClient } from "../src/storage/pg/with-pg-client";
import { clusterDatabaseUrl } from "./postgres-cluster";

/** A database of its own in the run's PostgreSQL cluster (see postgres-global-setup.ts). */
export interface TestPostgresDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

function asSuperuser<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withPgClient(inject("postgresUrl"), work);
}

/**
 * A database of its own, named at random, for one test file's servers or stores: `migrated` is a
 * copy of the run's migrated template (~0.1 s instead of 0.5–1 s of migrating; a server on it
 * still migrates on start and finds nothing to do), `empty` is for tests of the migrations.
 */
export async function freshPostgresDatabase(
  schema: "empty" | "migrated" = "empty",
): Promise<TestPostgresDatabase> {
  const name = `stamp_${randomBytes(6).toString("hex")}`;
  const template = schema === "migrated" ? ` TEMPLATE ${inject("migratedTemplate")}` : "";
  await asSuperuser((client) => client.query(`CREATE DATABASE ${name}${template}`));
  return {
    url: clusterDatabaseUrl(inject("postgresUrl"), name),
    drop: async () => {
      await asSuperuser((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
