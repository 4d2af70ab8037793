import { getTableColumns, type Table } from "drizzle-orm";

/**
 * A table's columns (of `alias`) under drizzle's names with `prefix`, for hand-written reads of
 * whole rows on either dialect: the row comes back shaped as drizzle's select would shape it
 * (`rows.ts` maps it), without the query builder's cost on reads every sync round makes.
 */
export const columnsOf = (table: Table, alias: string, prefix = "") =>
  Object.entries(getTableColumns(table))
    .map(([key, column]) => `${alias}."${column.name}" AS "${prefix}${key}"`)
    .join(", ");
