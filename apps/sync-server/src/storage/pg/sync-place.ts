import { getTableColumns, type Table } from "drizzle-orm";
import { NO_LOCATION, REGION_PREFIX } from "../append/scope-entries";
import { columnsOf } from "../columns-of";
import type { RegionRecord } from "../region-store";
import { locationOf } from "../rows";
import type { DeviceRecord } from "../store";
import type { SyncPlaceStore } from "../sync-place";
import type { PgContext } from "./pg-context";
import * as t from "./schema";

type LocationRow = typeof t.locations.$inferSelect;
type RegionRow = typeof t.regions.$inferSelect;
type DeviceRow = typeof t.devices.$inferSelect;
/**
 * The joined row: the location's columns as they are, the region's prefixed with `region.`, the
 * device's with `device.`.
 */
type PlaceRow = {
  item: string;
  head: number | null;
  location_head: number;
  region_head: number;
} & {
  [K in keyof LocationRow]: LocationRow[K] | null;
} & {
  [K in keyof RegionRow as `region.${K}`]: RegionRow[K] | null;
} & { [K in keyof DeviceRow as `device.${K}`]: DeviceRow[K] | null };

/** A table's fields as `prefix` names them in the joined row: [field, column in the row]. */
const prefixedFields = (table: Table, prefix: string) =>
  Object.keys(getTableColumns(table)).map((key) => [key, `${prefix}${key}`] as const);

const DEVICE_FIELDS = prefixedFields(t.devices, "device.");
const REGION_FIELDS = prefixedFields(t.regions, "region.");

/** The record under `fields` of the joined row. */
function prefixed<R>(
  row: Record<string, unknown>,
  fields: readonly (readonly [string, string])[],
): R {
  const record: Record<string, unknown> = {};
  for (const [key, column] of fields) record[key] = row[column];
  return record as R;
}

/**
 * A `scope_log` scope's newest position up to the head: the end of its primary-key range below it,
 * no event read (one scope at a time: `scope IN (…)` would read both ranges whole).
 */
const newest = (scope: string) =>
  `(SELECT max(s.pos) FROM scope_log s
    WHERE s.merchant_id = k.merchant_id AND s.scope = ${scope} AND s.pos <= m.head)`;

/**
 * The statement of `pgSyncPlace`, written out once: the place (the log's head, the location, its
 * region, their views' heads) once, MATERIALIZED so that its subqueries are not run again for
 * each device, then each device asked for (`$3`, `PgContext.gather`), found or not.
 */
const SYNC_PLACE = `WITH place AS MATERIALIZED (
     SELECT m.head, ${columnsOf(t.locations, "l")}, ${columnsOf(t.regions, "r", "region.")},
       CASE WHEN l.id IS NULL THEN 0 ELSE greatest(${newest("l.id")}, ${newest(`'${NO_LOCATION}'`)}, 0) END
         AS location_head,
       CASE WHEN r.id IS NULL THEN 0
         ELSE greatest(${newest(`'${REGION_PREFIX}' || r.id`)}, ${newest(`'${NO_LOCATION}'`)}, 0) END
         AS region_head
     FROM (SELECT $1::text AS merchant_id) k
     LEFT JOIN merchant_logs m ON m.merchant_id = k.merchant_id
     LEFT JOIN locations l
       ON l.id = $2 AND l.merchant_id = k.merchant_id AND l.removed_at IS NULL
     LEFT JOIN regions r ON r.id = l.region_id AND r.merchant_id = k.merchant_id)
   SELECT asked.id AS item, place.*, ${columnsOf(t.devices, "d", "device.")}
   FROM place CROSS JOIN unnest($3::text[]) AS asked(id)
   LEFT JOIN devices d ON d.id = asked.id`;

/**
 * `syncPlace` on PostgreSQL: the device, the log's head, the location and its region in ONE
 * statement — they were a device read, then two reads at once and a third after them, each a round
 * trip (and a socket write) of every sync round. Gathered (`PgContext.gather`): the rounds of a
 * location's tills that ask while it waits for a connection are one statement, the place read
 * once for all their devices. A stamp wakes a location's ~98 idle tills, whose next held pulls
 * arrive together, each reading its place (issue 16): that was a statement each.
 */
export function pgSyncPlace({ gather }: PgContext): SyncPlaceStore {
  return {
    async syncPlace(deviceId, merchantId, locationId) {
      const [row] = await gather<PlaceRow>(
        "sync-place",
        SYNC_PLACE,
        [merchantId, locationId],
        deviceId,
      );
      if (!row) throw new Error("sync-place returned no row");
      const device = row["device.id"] === null ? null : prefixed<DeviceRecord>(row, DEVICE_FIELDS);
      const location = row.id === null ? null : locationOf(row as LocationRow);
      const region = row["region.id"] === null ? null : prefixed<RegionRecord>(row, REGION_FIELDS);
      const viewHeads = { location: row.location_head, region: row.region_head };
      return { device, head: row.head ?? 0, location, region, viewHeads };
    },
  };
}
