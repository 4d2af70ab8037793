import Database from "better-sqlite3";

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
    for (const table of tables) {
      if (!/^[a-z_]+$/.test(table)) throw new Error(`bad table name ${table}`);
      const rows = db.prepare(`SELECT * FROM ${table}`).all();
      out[table] = rows.map((row) => JSON.stringify(row)).sort();
    }
    return out;
  } finally {
    db.close();
  }
}
