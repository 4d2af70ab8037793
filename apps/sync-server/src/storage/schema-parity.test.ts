import { getTableColumns, getTableName, is, Table } from "drizzle-orm";
import { getTableConfig as pgConfig } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as pg from "./pg/schema";
import * as sqlite from "./schema";

/** A table as both dialects must agree on it: names, nullability, keys, indexes. */
interface Keys {
  readonly primaryKeys: readonly { readonly columns: readonly { readonly name: string }[] }[];
  readonly indexes: readonly { readonly config: { readonly name?: string } }[];
  readonly foreignKeys: readonly unknown[];
}

function shape(table: Table, config: (table: never) => Keys) {
  const { primaryKeys, indexes, foreignKeys } = config(table as never);
  return {
    name: getTableName(table),
    columns: Object.entries(getTableColumns(table)).map(([key, column]) => ({
      key,
      name: column.name,
      notNull: column.notNull,
      primary: column.primary,
      unique: column.isUnique,
      hasDefault: column.hasDefault,
    })),
    primaryKeys: primaryKeys.map((pk) => pk.columns.map((c) => c.name)),
    indexes: indexes.map((i) => i.config.name ?? "").sort(),
    references: foreignKeys.length,
  };
}

const tables = (schema: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(schema).filter(([, value]) => is(value, Table))) as Record<
    string,
    Table
  >;

/**
 * What only instances sharing one database need: a SQLite install keeps its limiters in memory and
 * its keys in DATA_DIR/secrets.
 */
const POSTGRES_ONLY = ["rateLimitBuckets", "sealedSecrets"];

describe("the PostgreSQL schema", () => {
  it("has every SQLite table with the same columns, keys and indexes, so rows map alike", () => {
    const lite = tables(sqlite);
    const postgres = Object.fromEntries(
      Object.entries(tables(pg)).filter(([name]) => !POSTGRES_ONLY.includes(name)),
    );
    expect(Object.keys(postgres).sort()).toEqual(Object.keys(lite).sort());
    for (const [name, table] of Object.entries(lite))
      expect(shape(postgres[name] as Table, pgConfig), name).toEqual(shape(table, sqliteConfig));
  });
});
