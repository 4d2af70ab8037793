import { getTableColumns, type Table } from "drizzle-orm";
import { NO_LOCATION, REGION_PREFIX } from "../append/scope-entries";
import { columnsOf } from "../columns-of";
import type { RegionRecord } from "../region-store";
import { locationOf } from "../rows";
import * as t from "../schema";
import type { DeviceRecord } from "../store";
import type { SyncPlaceStore } from "../sync-place";
import { LOG_HEAD } from "./log-head";
import type { SqliteContext } from "./sqlite-context";

type LocationRow = typeof t.locations.$inferSelect;
/** The joined row: the location's columns as they are, the region's and the device's JSON. */
type PlaceRow = { [K in keyof LocationRow]: LocationRow[K] | null } & {
  region: string | null;
  device: string | null;
  head: number;
  location_head: number;
  region_head: number;
};

/** A table's whole row as one JSON object under drizzle's names (`json_object`), null when none. */
const jsonRow = (table: Table, alias: string) =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_object(${Object.entries(getTableColumns(table))
    .map(([key, column]) => `'${key}', ${alias}."${column.name}"`)
    .join(", ")}) END`;

/** A `scope_log` scope's newest position up to the head: the end of its key range below it. */
const newest = (scope: string) =>
  `coalesce((SELECT max(s.pos) FROM scope_log s
    WHERE s.merchant_id = k.merchant_id AND s.scope = ${scope} AND s.pos <= k.head), 0)`;

/** The statement of `sqliteSyncPlace`, written out once. */
const SYNC_PLACE = `SELECT ${columnsOf(t.locations, "l")},
     ${jsonRow(t.regions, "r")} AS region, ${jsonRow(t.devices, "d")} AS device, k.head,
     CASE WHEN l.id IS NULL THEN 0 ELSE max(${newest("l.id")}, ${newest(`'${NO_LOCATION}'`)}) END
       AS location_head,
     CASE WHEN r.id IS NULL THEN 0
       ELSE max(${newest(`'${REGION_PREFIX}' || r.id`)}, ${newest(`'${NO_LOCATION}'`)}) END
       AS region_head
   FROM (SELECT @merchantId AS merchant_id,
     coalesce(${LOG_HEAD}, 0) AS head) k
   LEFT JOIN locations l
     ON l.id = @locationId AND l.merchant_id = k.merchant_id AND l.removed_at IS NULL
   LEFT JOIN regions r ON r.id = l.region_id AND r.merchant_id = k.merchant_id
   LEFT JOIN devices d ON d.id = @deviceId`;

/**
 * `syncPlace` on SQLite: the merchant log's head, the device, the location and its region and
 * their views' heads in ONE statement. They were three to five reads, each its own read
 * transaction (its lock taken and let go, the page cache checked against the WAL), a promise and a
 * row object: the largest step of a held pull in a profile of bench/held-churn.ts (19 % of the
 * server's samples, on a loaded machine). The head was the last read of its own (`maxSeq`): ~30 µs
 * of a read transaction's system calls on this machine against ~4 µs for its row, and 2 of the ~4
 * `fcntl` calls of a held cycle. Nothing is kept between calls: a revoked device or a moved
 * location shows in the next round.
 */
export function sqliteSyncPlace({ client }: SqliteContext): SyncPlaceStore {
  const place = client.prepare<
    [{ merchantId: string; locationId: string | null; deviceId: string }],
    PlaceRow
  >(SYNC_PLACE);
  return {
    async syncPlace(deviceId, merchantId, locationId) {
      const row = place.get({ merchantId, locationId, deviceId });
      if (!row) throw new Error("sync-place returned no row");
      const device = row.device === null ? null : (JSON.parse(row.device) as DeviceRecord);
      const location = row.id === null ? null : locationOf(row as LocationRow);
      const region = row.region === null ? null : (JSON.parse(row.region) as RegionRecord);
      const viewHeads = { location: row.location_head, region: row.region_head };
      return { device, head: row.head, location, region, viewHeads };
    },
  };
}
