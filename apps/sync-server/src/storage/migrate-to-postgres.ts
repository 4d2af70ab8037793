import { isDeepStrictEqual } from "node:util";
import type Database from "better-sqlite3";
import { getTableColumns, getTableName, is, Table } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/sqlite-core";
import type pg from "pg";
import { UNSUBSCRIBE_KEY } from "../mail/unsubscribe-tokens";
import { cardCodeSecretName } from "../secrets/card-code-keys";
import { DEVICE_TOKEN_KEY } from "../secrets/device-tokens";
import { rotatingBarcodeSecretName } from "../secrets/rotating-barcode-keys";
import { openPgStorage } from "./pg/pg-storage";
import { withPgClient } from "./pg/with-pg-client";
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
 * transaction (all or nothing), then checks it: the same number of rows in every table (before
 * the commit) and, for every card, the same state, vouchers and history as each adapter serves
 * them (after it; a failure there removes the copy again), so a failed check leaves the database
 * empty. Rows are copied as stored — positions, the log epoch and pass tags included — so paired
 * tills keep their cursors and wallets their update tags — and the install's signing keys go
 * into the database sealed with `secretsKey`, so tills stay paired and printed card codes keep
 * verifying.
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
      const tables = await copyTables(lite, databaseUrl);
      // Statistics before any statement is planned on the copy (pg_restore's advice): the
      // server's pooled connections keep the plans they make first, and one made without them can
      // scan a merchant's every card per batch until autoanalyze comes round.
      await withPgClient(databaseUrl, (client) => client.query("ANALYZE"));
      const written: string[] = [];
      // The cards are read back through the adapter's own connections, which see the copy only
      // once it is committed: a difference found now removes the copy again.
      try {
        const cardsVerified = await compareCards(lite, source, target);
        const secretsCopied = await copySecrets(lite, source, target, written);
        return {
          ok: true,
          tables,
          cardsVerified,
          secretsCopied,
          seconds: (now() - started) / 1000,
        };
      } catch (error) {
        throw await removeCopy(databaseUrl, written, error);
      }
    } finally {
      lite.close();
    }
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}

/**
 * Copies every table in one transaction and counts each table's rows on both sides before it
 * commits: a table that does not add up leaves the database as it was.
 */
async function copyTables(lite: Database.Database, url: string): Promise<Record<string, number>> {
  return withPgClient(url, async (client) => {
    await client.query("BEGIN");
    try {
      const counts: Record<string, number> = {};
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
        counts[name] = await sameCount(lite, client, name);
      }
      await client.query("COMMIT");
      return counts;
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  });
}

async function sameCount(lite: Database.Database, client: pg.Client, name: string) {
  const here = (lite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
  const there = Number(
    (await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`)).rows[0]?.n,
  );
  if (here !== there)
    throw new MigrationError(
      "counts-differ",
      `${name}: ${here} rows in SQLite, ${there} in PostgreSQL`,
    );
  return there;
}

/**
 * Takes a committed copy that failed its check out of the database again — every copied table
 * and the keys the copy wrote (`written`) — so the operator can fix the cause and run the migration again.
 * Returns the error to throw: the check's, saying whether the database is empty again.
 */
async function removeCopy(url: string, secrets: readonly string[], cause: unknown) {
  const failed = cause instanceof Error ? cause.message : String(cause);
  let outcome: string;
  try {
    await withPgClient(url, async (client) => {
      await client.query("BEGIN");
      const names = tablesInReferenceOrder().map((table) => `"${getTableName(table)}"`);
      await client.query(`TRUNCATE ${names.join(", ")}`);
      await client.query("DELETE FROM sealed_secrets WHERE name = ANY($1)", [secrets]);
      await client.query("COMMIT");
    });
    outcome = "the copy was removed again, the database is empty";
  } catch (error) {
    outcome = `removing the copy failed too (${(error as Error).message}): drop and create the database before trying again`;
  }
  return cause instanceof MigrationError
    ? new MigrationError(cause.code, `${failed}; ${outcome}`)
    : new Error(`${failed}; ${outcome}`, { cause });
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
 * The names of the install's signing keys: the device-token key, the unsubscribe-link key (links in
 * e-mails already sent must keep working), each merchant's card-code keys and rotating-barcode
 * secrets (those that exist: they are made on first use).
 */
function secretNames(lite: Database.Database): string[] {
  const merchants = lite.prepare("SELECT id FROM merchants ORDER BY id").all() as { id: string }[];
  return [
    DEVICE_TOKEN_KEY,
    UNSUBSCRIBE_KEY,
    ...merchants.flatMap(({ id }) => [cardCodeSecretName(id), rotatingBarcodeSecretName(id)]),
  ];
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
  written: string[],
): Promise<number> {
  let copied = 0;
  for (const name of secretNames(lite)) {
    const secret = await source.secrets.read(name);
    if (!secret) continue;
    written.push(name);
    const kept = await target.secrets.readOrCreate(name, async () => secret.value);
    if (kept !== secret.value) await target.secrets.replace(name, async () => secret.value);
    if ((await target.secrets.read(name))?.value !== secret.value)
      throw new MigrationError("secret-differs", `${name} reads differently after the copy`);
    copied++;
  }
  return copied;
}
