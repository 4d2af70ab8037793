import { and, type Column, eq, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { WorkedLocations } from "./card-within";
import type { FraudReview, FraudStatus } from "./fraud-store";

/** The flag columns a page is chosen by (both dialects' tables name them alike). */
export interface FraudFlagColumns {
  readonly merchantId: Column;
  readonly id: Column;
  readonly status: Column;
  readonly locationId: Column;
  readonly raisedAt: Column;
}

/**
 * The merchant's flags of `status` that `locations` may see (a tied manager: none of no
 * location), older than `before` (newest first paging), for either adapter.
 */
export function fraudFlagsWhere(
  table: FraudFlagColumns,
  merchantId: string,
  status: FraudStatus,
  locations: WorkedLocations,
  before: { readonly raisedAt: number; readonly id: string } | null = null,
): SQL | undefined {
  return and(
    eq(table.merchantId, merchantId),
    eq(table.status, status),
    locations === null
      ? undefined
      : locations.length === 0
        ? sql`1 = 0`
        : inArray(table.locationId, [...locations]),
    before
      ? or(
          lt(table.raisedAt, before.raisedAt),
          and(eq(table.raisedAt, before.raisedAt), lt(table.id, before.id)),
        )
      : undefined,
  );
}

/** What a review writes, and to which row: the merchant's flag `id` while it is open (once). */
export function fraudReviewUpdate(
  table: FraudFlagColumns,
  merchantId: string,
  id: string,
  review: FraudReview,
) {
  return {
    set: { status: review.status, note: review.note, reviewedBy: review.by, reviewedAt: review.at },
    where: and(eq(table.merchantId, merchantId), eq(table.id, id), eq(table.status, "open")),
  };
}

/**
 * Whether the settings row is still the version a scan read (`updated_at`), so the scan's end is
 * kept; a row when the scan found none is another version (sql `false`).
 */
export function sameSettings(updatedAt: Column, changedAt: number | null): SQL {
  return changedAt === null ? sql`0 = 1` : (eq(updatedAt, changedAt) as SQL);
}
