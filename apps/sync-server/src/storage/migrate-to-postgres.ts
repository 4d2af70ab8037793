import { isDeepStrictEqual } from "node:util";
import type Database from "better-sqlite3";
import { getTableColumns, getTableName, is, Table } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { cardCodeSecretName } from "../secrets/card-code-keys";
import { DEVICE_TOKEN_KEY } from "../secrets/device-tokens";
import { openPgStorage } from "./pg/pg-storage";
import * as schema from "./schema";
import { openDatabase } from "./sqlite/open-database";
import { openSqliteStorage } from "./sqlite/sqlite-storage";
import type { Storage } from "./storage";

/** What `stampd migrate-to-postgres` prints: every table's rows on both sides, every card checked. */
export interface MigrationSummary {
  readonly ok: true;
  readonly tables: Readonly<Record<string, number>>;
  readonly cardsVerified: number;
  /** Signing keys copied from DATA_DIR/secrets into the database, sealed with SECRETS_KEY. */
  readonly secretsCopied: number;
  readonly seconds: number;
}

export class MigrationError extends Error {
  constructor(
    readonly code: "target-not-empty" | "counts-differ" | "card-differs" | "secret-differs",
    message: string,
  ) {
    super(message);
  }
}

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters in one statement. */
const MAX_PARAMETERS = 60_000;

/**
 * The schema's tables in an order where every table comes after the tables it references, so
 * rows can be inserted with the foreign keys checked as they go.
 */
export function tablesInReferenceOrder(): Table[] {
  const tables = (Object.values(schema) as unknown[]).filter((value): value is Table =>
    is(value, Table),
  );
  const ordered: Table[] = [];
  const placed = new Set<string>();
  const place = (table: Table) => {
    const name = getTableName(table);
    if (placed.has(name)) return;
    placed.add(name);
    for (const key of getTableConfig(table as never).foreignKeys) {
      const target = key.reference().foreignTable;
      if (target !== table) place(target as Table);
    }
    ordered.push(table);
  };
  for (const table of tables) place(table);
  return ordered;
}

/**
 * Copies a stopped SQLite install into an empty PostgreSQL database, in one PostgreSQL
 * transaction (all or nothing), then checks it: the same number of rows in every table and, for
 * every card, the same state, vouchers and history as each adapter serves them. Rows are copied
 * as stored — positions, the log epoch and pass tags included — so paired tills keep their
 * cursors and wallets their update tags — and the install's signing keys go into the database
 * sealed with `secretsKey`, so tills stay paired and printed card codes keep verifying.
 */
export async function migrateToPostgres(
  sqliteFile: string,
  databaseUrl: string,
  secretsKey: Uint8Array,
  now: () => number,
): Promise<MigrationSummary> {
  const started = now();
  const source = openSqliteStorage(sqliteFile);
  const target = await openPgStorage(databaseUrl, { poolSize: 2, secretsKey });
  try {
    if (!(await target.store.isEmpty()))
      throw new MigrationError(
        "target-not-empty",
        "the PostgreSQL database already holds merchants: migrate into an empty database",
      );
    const lite = openDatabase(sqliteFile).$client;
    try {
      await copyTables(lite, databaseUrl);
      const tables = await compareCounts(lite, databaseUrl);
      const cardsVerified = await compareCards(lite, source, target);
      const secretsCopied = await copySecrets(lite, source, target);
      return { ok: true, tables, cardsVerified, secretsCopied, seconds: (now() - started) / 1000 };
    } finally {
      lite.close();
    }
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function copyTables(lite: Database.Database, url: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query("BEGIN");
    try {
      for (const table of tablesInReferenceOrder()) {
        const name = getTableName(table);
        const columns = Object.values(getTableColumns(table)).map((column) => column.name);
        const perInsert = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
        const select = lite.prepare(
          `SELECT ${columns.map((c) => `"${c}"`).join(", ")} FROM "${name}"`,
        );
        select.raw(true);
        let rows: unknown[][] = [];
        const flush = async () => {
          if (rows.length === 0) return;
          const values = rows
            .map(
              (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(", ")})`,
            )
            .join(", ");
          await client.query(
            `INSERT INTO "${name}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${values}`,
            rows.flat(),
          );
          rows = [];
        };
        // The rows stream from SQLite: a large event log never sits in memory whole.
        for (const row of select.iterate() as Iterable<unknown[]>) {
          rows.push(row);
          if (rows.length === perInsert) await flush();
        }
        await flush();
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  });
}

async function compareCounts(
  lite: Database.Database,
  url: string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await withClient(url, async (client) => {
    for (const table of tablesInReferenceOrder()) {
      const name = getTableName(table);
      const here = (lite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
      const there = Number(
        (await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`)).rows[0]?.n,
      );
      if (here !== there)
        throw new MigrationError(
          "counts-differ",
          `${name}: ${here} rows in SQLite, ${there} in PostgreSQL`,
        );
      counts[name] = there;
    }
  });
  return counts;
}

/** Every card as the application reads it, through each adapter's own store. */
async function compareCards(
  lite: Database.Database,
  source: Storage,
  target: Storage,
): Promise<number> {
  const cards = lite
    .prepare("SELECT id, merchant_id AS merchantId FROM cards ORDER BY id")
    .iterate() as Iterable<{ id: string; merchantId: string }>;
  let verified = 0;
  for (const { id, merchantId } of cards) {
    const [before, after] = await Promise.all([
      source.store.getCard(merchantId, id),
      target.store.getCard(merchantId, id),
    ]);
    const [history, copied] = await Promise.all([
      source.store.cardHistory(merchantId, id),
      target.store.cardHistory(merchantId, id),
    ]);
    if (!isDeepStrictEqual(before, after) || !isDeepStrictEqual(history, copied))
      throw new MigrationError("card-differs", `card ${id} reads differently after the copy`);
    verified++;
  }
  return verified;
}

/**
 * The install's signing keys, from its DATA_DIR into the database: the device-token key and each
 * merchant's card-code keys. They replace any the database got meanwhile (a `stampd` run on the
 * empty database makes a device-token key of its own), then are read back and compared.
 */
async function copySecrets(
  lite: Database.Database,
  source: Storage,
  target: Storage,
): Promise<number> {
  const merchants = lite.prepare("SELECT id FROM merchants ORDER BY id").all() as { id: string }[];
  const names = [DEVICE_TOKEN_KEY, ...merchants.map(({ id }) => cardCodeSecretName(id))];
  let copied = 0;
  for (const name of names) {
    const secret = await source.secrets.read(name);
    if (!secret) continue;
    const kept = await target.secrets.readOrCreate(name, async () => secret.value);
    if (kept !== secret.value) await target.secrets.replace(name, async () => secret.value);
    if ((await target.secrets.read(name))?.value !== secret.value)
      throw new MigrationError("secret-differs", `${name} reads differently after the copy`);
    copied++;
  }
  return copied;
}
