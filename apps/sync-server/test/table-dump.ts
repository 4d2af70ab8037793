import Database from "better-sqlite3";
import pg from "pg";

const tableName = (table: string) => {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`bad table name ${table}`);
  return table;
};

/**
 * The rows of some tables, each table's rows in a stable order, read through a connection of its
 * own: tests prove with it that a refused request changed nothing. Not part of any store.
 */
export function sqliteTableDump(
  file: string,
  tables: readonly string[],
): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of tables)
      out[table] = db
        .prepare(`SELECT * FROM ${tableName(table)}`)
        .all()
        .map((row) => JSON.stringify(row))
        .sort();
    return out;
  } finally {
    db.close();
  }
}

/** The same, of a PostgreSQL database. */
export async function postgresTableDump(
  url: string,
  tables: readonly string[],
): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of tables) {
      const { rows } = await client.query(`SELECT * FROM ${tableName(table)}`);
      out[table] = rows.map((row) => JSON.stringify(row)).sort();
    }
    return out;
  } finally {
    await client.end();
  }
}
