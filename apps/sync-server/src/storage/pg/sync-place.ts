import { locationOf } from "../rows";
import type { SyncPlaceStore } from "../sync-place";
import { columnsOf } from "./merchants";
import type { PgContext } from "./pg-context";
import * as t from "./schema";

type LocationRow = typeof t.locations.$inferSelect;
type RegionRow = typeof t.regions.$inferSelect;
/** The joined row: the location's columns as they are, the region's prefixed with `region.`. */
type PlaceRow = { head: number | null } & { [K in keyof LocationRow]: LocationRow[K] | null } & {
  [K in keyof RegionRow as `region.${K}`]: RegionRow[K] | null;
};

/**
 * `syncPlace` on PostgreSQL: the log's head, the location and its region in ONE statement — they
 * were two reads at once and a third after them, each a round trip (and a socket write) of every
 * sync round. Shared by the tills that ask together (`PgContext.read`).
 */
export function pgSyncPlace({ read }: PgContext): SyncPlaceStore {
  return {
    async syncPlace(merchantId, locationId) {
      const [row] = await read<PlaceRow>(
        "sync-place",
        `SELECT m.head, ${columnsOf(t.locations, "l")}, ${columnsOf(t.regions, "r", "region.")}
         FROM (SELECT $1::text AS merchant_id) k
         LEFT JOIN merchant_logs m ON m.merchant_id = k.merchant_id
         LEFT JOIN locations l
           ON l.id = $2 AND l.merchant_id = k.merchant_id AND l.removed_at IS NULL
         LEFT JOIN regions r ON r.id = l.region_id AND r.merchant_id = k.merchant_id`,
        [merchantId, locationId],
      );
      const location = row?.id == null ? null : locationOf(row as LocationRow);
      const region =
        row?.["region.id"] == null
          ? null
          : {
              id: row["region.id"],
              merchantId: row["region.merchantId"] as string,
              name: row["region.name"] as string,
              version: row["region.version"] as number,
              createdAt: row["region.createdAt"] as number,
            };
      return { head: row?.head ?? 0, location, region };
    },
  };
}
