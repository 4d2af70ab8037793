import { type Column, inArray, type SQL, sql } from "drizzle-orm";
import type { WorkedLocations } from "./card-within";

/** "`column` (a location id) is one of `locations`", in SQL both dialects read; null: any. */
export function atLocations(column: Column, locations: WorkedLocations): SQL | undefined {
  if (locations === null) return undefined;
  return locations.length === 0 ? sql`1 = 0` : inArray(column, [...locations]);
}
