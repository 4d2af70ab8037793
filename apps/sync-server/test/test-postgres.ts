import { randomBytes } from "node:crypto";
import type pg from "pg";
import { inject } from "vitest";
import { withPgClient } from "../src/storage/pg/with-pg-client";

/** A database of its own in the run's PostgreSQL cluster (see postgres-global-setup.ts). */
export interface TestPostgresDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

function asSuperuser<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withPgClient(inject("postgresUrl"), work);
}

/** An empty database, named at random, for one test file's servers or stores. */
export async function freshPostgresDatabase(): Promise<TestPostgresDatabase> {
  const name = `stamp_${randomBytes(6).toString("hex")}`;
  await asSuperuser((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(inject("postgresUrl"));
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      await asSuperuser((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
