import { and, asc, eq, inArray } from "drizzle-orm";
import pg from "pg";
import { NO_LOCATION, regionScope } from "../append/scope-entries";
import type { RegionStore } from "../region-store";
import { movedScopes, PLACES_MOVED, type ScopeChanges } from "../scope-changes";
import { mine } from "./merchants";
import type { PgContext, PgTx } from "./pg-context";
import * as t from "./schema";

// The location's cards that are not in the region yet ($1 merchant, $2 location, $3 region).
const NEW_CARDS = `FROM card_scopes c WHERE c.location_id = $2 AND NOT EXISTS (
    SELECT 1 FROM card_regions r WHERE r.card_id = c.card_id AND r.region_id = $3)`;

// Of the location's cards ($1), those used at no other location of the region ($2) it left leave
// it: their new events no longer show there (what its tills hold stays). No new region version for
// that (nor for UNLIST): the region's view up to the log's head keeps every row, so what the scope
// tail kept of it and a held pull's cursor stay true under the version's key (`ScopeTail`); only
// later events of these cards miss it (appends planned before wait: `lockMerchant`,
// `places_version`), and a till whose cursor names this version gets them when the location comes
// back, as the version no longer lists it (`region-leave.test.ts`).
const LEAVE = `DELETE FROM card_regions r WHERE r.region_id = $2
    AND r.card_id IN (SELECT card_id FROM card_scopes WHERE location_id = $1)
    AND NOT EXISTS (SELECT 1 FROM card_scopes c JOIN locations l ON l.id = c.location_id
      WHERE c.card_id = r.card_id AND l.region_id = $2)`;

// The region's new version lists every location in it now (`region-list`); one leaving it
// ($2, of merchant $1) leaves the list of the version it leaves (region $3).
const UNLIST = `DELETE FROM region_members WHERE merchant_id = $1 AND location_id = $2
    AND version = (SELECT version FROM regions WHERE id = $3)`;

/**
 * A merchant's regions on PostgreSQL (`RegionStore`). Region writes take the merchant's log row
 * (`lockMerchant`) first: versions are handed out one at a time, and a location's move waits for
 * appends in flight, so none of its cards' events misses the region's view; a move also moves the
 * log row's `places_version` on, so appends planned with the old regions start over
 * (`planScopeWrites`).
 */
export function pgRegions(
  { db, query, transaction, lockMerchant }: PgContext,
  committed: ScopeChanges,
): RegionStore {
  const nextVersion = async (tx: PgTx, merchantId: string) => {
    const [row] = await tx.query<{ version: number }>(
      "region-next-version",
      // Never a version a region had before, a deleted one's included (the log row keeps the
      // count, and it only grows): a till's cursor of a deleted region matches no later region.
      `UPDATE merchant_logs SET places_version = greatest(places_version,
         (SELECT coalesce(max(version), 0) FROM regions WHERE merchant_id = $1)) + 1
       WHERE merchant_id = $1 RETURNING places_version AS version`,
      [merchantId],
    );
    return Number(row?.version ?? 1);
  };
  const placesMoved = (tx: PgTx, merchantId: string) =>
    tx.query(
      "places-moved",
      "UPDATE merchant_logs SET places_version = places_version + 1 WHERE merchant_id = $1",
      [merchantId],
    );
  const region = async (merchantId: string, regionId: string, on = db) =>
    (
      await on
        .select()
        .from(t.regions)
        .where(and(eq(t.regions.id, regionId), eq(t.regions.merchantId, merchantId)))
    )[0] ?? null;
  return {
    async listRegions(merchantId) {
      return db
        .select()
        .from(t.regions)
        .where(eq(t.regions.merchantId, merchantId))
        .orderBy(asc(t.regions.name));
    },

    async getRegion(merchantId, regionId) {
      return region(merchantId, regionId);
    },

    async regionMembers(merchantId, version) {
      const rows = await query<{ location_id: string }>(
        "region-members",
        `SELECT location_id FROM region_members WHERE merchant_id = $1 AND version = $2`,
        [merchantId, version],
      );
      return rows.map((row) => row.location_id);
    },

    async createRegion(made) {
      return transaction(async (tx) => {
        await lockMerchant(tx, made.merchantId);
        const version = await nextVersion(tx, made.merchantId);
        const added = await tx.db
          .insert(t.regions)
          .values({ ...made, version })
          .onConflictDoNothing()
          .returning({ id: t.regions.id });
        return added.length === 1;
      });
    },

    async renameRegion(merchantId, regionId, name) {
      if ((await region(merchantId, regionId)) === null) return "missing";
      try {
        await query("region-rename", "UPDATE regions SET name = $2 WHERE id = $1", [
          regionId,
          name,
        ]);
        return "renamed";
      } catch (error) {
        if (error instanceof pg.DatabaseError && error.constraint === "regions_merchant_name")
          return "taken";
        throw error;
      }
    },

    async deleteRegion(merchantId, regionId) {
      const deleted = await transaction(async (tx) => {
        await lockMerchant(tx, merchantId);
        const found = await region(merchantId, regionId, tx.db);
        if (found === null) return null;
        const members = await tx.db
          .select({ id: t.locations.id, syncScope: t.locations.syncScope })
          .from(t.locations)
          .where(eq(t.locations.regionId, regionId));
        const fellBack = members.filter((l) => l.syncScope === "region").map((l) => l.id);
        if (fellBack.length > 0)
          await tx.db
            .update(t.locations)
            .set({ syncScope: "location" })
            .where(inArray(t.locations.id, fellBack));
        await tx.db
          .update(t.locations)
          .set({ regionId: null })
          .where(eq(t.locations.regionId, regionId));
        await placesMoved(tx, merchantId);
        await tx.db.delete(t.cardRegions).where(eq(t.cardRegions.regionId, regionId));
        await tx.db
          .delete(t.scopeLog)
          .where(
            and(eq(t.scopeLog.merchantId, merchantId), eq(t.scopeLog.scope, regionScope(regionId))),
          );
        await tx.db.delete(t.regions).where(eq(t.regions.id, regionId));
        return { name: found.name, locationIds: members.map((l) => l.id), fellBack };
      });
      if (deleted)
        committed.publish({
          kind: "merchant",
          merchantId,
          scopes: [regionScope(regionId), ...deleted.locationIds, PLACES_MOVED],
        });
      return deleted;
    },

    async setLocationRegion(merchantId, locationId, regionId) {
      return transaction(async (tx) => {
        await lockMerchant(tx, merchantId);
        const [location] = await tx.db
          .select({ regionId: t.locations.regionId })
          .from(t.locations)
          .where(mine(merchantId, locationId));
        if (!location) return false;
        if (regionId !== null && (await region(merchantId, regionId, tx.db)) === null) return false;
        if (location.regionId === regionId) return true;
        await tx.db.update(t.locations).set({ regionId }).where(eq(t.locations.id, locationId));
        await placesMoved(tx, merchantId);
        if (location.regionId !== null) {
          await tx.query("region-leave", LEAVE, [locationId, location.regionId]);
          await tx.query("region-unlist", UNLIST, [merchantId, locationId, location.regionId]);
        }
        if (regionId !== null) {
          const version = await nextVersion(tx, merchantId);
          await tx.db.update(t.regions).set({ version }).where(eq(t.regions.id, regionId));
          const names = [merchantId, locationId, regionId];
          // Back in a region it left, it brings cards whose events until it left are there already.
          await tx.query(
            "region-backfill",
            `INSERT INTO scope_log (merchant_id, scope, pos, seq)
             SELECT $1, $4, e.seq, e.seq FROM events e
             WHERE e.merchant_id = $1 AND e.card_id IN (SELECT c.card_id ${NEW_CARDS})
               AND NOT EXISTS (SELECT 1 FROM scope_log s WHERE s.merchant_id = $1
                 AND s.scope = '${NO_LOCATION}' AND s.pos = e.seq AND s.seq = e.seq)
             ON CONFLICT DO NOTHING`,
            [...names, regionScope(regionId)],
          );
          await tx.query(
            "region-join",
            `INSERT INTO card_regions (card_id, region_id, merchant_id, joined_seq)
             SELECT c.card_id, $3, $1, (SELECT head FROM merchant_logs WHERE merchant_id = $1)
             ${NEW_CARDS}`,
            names,
          );
          await tx.query(
            "region-list",
            `INSERT INTO region_members (merchant_id, version, location_id)
             SELECT merchant_id, $2, id FROM locations WHERE region_id = $1`,
            [regionId, version],
          );
        }
        const scopes = movedScopes(locationId, regionId);
        tx.afterCommit(() => committed.publish({ kind: "merchant", merchantId, scopes }));
        return true;
      });
    },
  };
}
