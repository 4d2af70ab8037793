import { and, type Column, eq, gte, lt, or, type SQL, sql } from "drizzle-orm";
import type { AuditCursor, AuditFilter } from "./audit-store";

/** The audit log's columns a page is chosen by (both dialects' tables name them alike). */
export interface AuditColumns {
  readonly merchantId: Column;
  readonly at: Column;
  readonly id: Column;
  readonly actorLabel: Column;
  readonly action: Column;
  readonly target: Column;
}

/** One page's WHERE, for either adapter: the merchant's entries that match, older than the cursor. */
export function auditWhere(
  table: AuditColumns,
  merchantId: string,
  filter: AuditFilter,
  cursor: AuditCursor | null,
): SQL | undefined {
  const actor = filter.actor?.trim().toLowerCase();
  return and(
    eq(table.merchantId, merchantId),
    // `%` and `_` typed into the search match themselves.
    actor
      ? sql`lower(${table.actorLabel}) LIKE ${`%${actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`
      : undefined,
    filter.action ? eq(table.action, filter.action) : undefined,
    filter.target ? eq(table.target, filter.target) : undefined,
    filter.from === undefined ? undefined : gte(table.at, filter.from),
    filter.to === undefined ? undefined : lt(table.at, filter.to),
    cursor
      ? or(lt(table.at, cursor.at), and(eq(table.at, cursor.at), lt(table.id, cursor.id)))
      : undefined,
  );
}
