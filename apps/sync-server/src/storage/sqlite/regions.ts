import { and, asc, eq } from "drizzle-orm";
import { NO_LOCATION, regionScope } from "../append/scope-entries";
import type { RegionStore } from "../region-store";
import * as t from "../schema";
import { movedScopes, PLACES_MOVED } from "../scope-changes";
import { mine } from "./merchants";
import type { SqliteContext } from "./sqlite-context";

/** A merchant's regions on SQLite (`RegionStore`). */
export function sqliteRegions({ db, client, write, changes }: SqliteContext): RegionStore {
  // Never a version a region had before, a deleted one's included (the merchant's log row keeps
  // the count, and it only grows): a till's cursor of a deleted region matches no later region.
  const nextVersion = client.prepare<[string, string], { version: number }>(
    `UPDATE merchant_logs SET places_version = max(places_version,
       (SELECT coalesce(max(version), 0) FROM regions WHERE merchant_id = ?)) + 1
     WHERE merchant_id = ? RETURNING places_version AS version`,
  );
  // The location's cards that are not in the region yet: every event of theirs but those every
  // location reads (NO_LOCATION) shows in the region's view at its own position.
  const newCards = `FROM card_scopes c WHERE c.location_id = :location AND NOT EXISTS (
      SELECT 1 FROM card_regions r WHERE r.card_id = c.card_id AND r.region_id = :region)`;
  // A location back in a region it left brings cards whose events until it left are there already.
  const backfill = client.prepare(
    `INSERT OR IGNORE INTO scope_log (merchant_id, scope, pos, seq)
     SELECT e.merchant_id, :scope, e.seq, e.seq FROM events e
     WHERE e.merchant_id = :merchant AND e.card_id IN (SELECT c.card_id ${newCards})
       AND NOT EXISTS (SELECT 1 FROM scope_log s WHERE s.merchant_id = e.merchant_id
         AND s.scope = '${NO_LOCATION}' AND s.pos = e.seq AND s.seq = e.seq)`,
  );
  const join = client.prepare(
    `INSERT INTO card_regions (card_id, region_id, merchant_id, joined_seq)
     SELECT c.card_id, :region, :merchant,
       (SELECT head FROM merchant_logs WHERE merchant_id = :merchant) ${newCards}`,
  );
  // Of the location's cards, those used at no other location of the region it left leave it: their
  // new events no longer show there (what its tills hold stays). No new region version for that
  // (nor for `unlist`): the region's view up to the log's head keeps every row, so what the scope
  // tail kept of it and a held pull's cursor stay true under the version's key (`ScopeTail`); only
  // later events of these cards miss it, and a till whose cursor names this version gets them when
  // the location comes back, as the version no longer lists it (`region-leave.test.ts`).
  const leave = client.prepare(
    `DELETE FROM card_regions WHERE region_id = :region
       AND card_id IN (SELECT card_id FROM card_scopes WHERE location_id = :location)
       AND NOT EXISTS (SELECT 1 FROM card_scopes c JOIN locations l ON l.id = c.location_id
         WHERE c.card_id = card_regions.card_id AND l.region_id = :region)`,
  );
  // The region's new version lists every location in it now; one leaving it leaves the list of
  // the version it leaves (`region_members`).
  const listMembers = client.prepare(
    `INSERT INTO region_members (merchant_id, version, location_id)
     SELECT merchant_id, :version, id FROM locations WHERE region_id = :region`,
  );
  const unlist = client.prepare(
    `DELETE FROM region_members WHERE merchant_id = :merchant AND location_id = :location
       AND version = (SELECT version FROM regions WHERE id = :region)`,
  );
  const members = client.prepare<[string, number], { locationId: string }>(
    `SELECT location_id AS locationId FROM region_members WHERE merchant_id = ? AND version = ?`,
  );
  const placesMoved = client.prepare(
    "UPDATE merchant_logs SET places_version = places_version + 1 WHERE merchant_id = ?",
  );
  const region = (merchantId: string, regionId: string) =>
    db
      .select()
      .from(t.regions)
      .where(and(eq(t.regions.id, regionId), eq(t.regions.merchantId, merchantId)))
      .get() ?? null;
  return {
    async listRegions(merchantId) {
      return db
        .select()
        .from(t.regions)
        .where(eq(t.regions.merchantId, merchantId))
        .orderBy(asc(t.regions.name))
        .all();
    },

    async getRegion(merchantId, regionId) {
      return region(merchantId, regionId);
    },

    async regionMembers(merchantId, version) {
      return members.all(merchantId, version).map((row) => row.locationId);
    },

    async createRegion(made) {
      return write(() => {
        const version = nextVersion.get(made.merchantId, made.merchantId)?.version ?? 1;
        return (
          db
            .insert(t.regions)
            .values({ ...made, version })
            .onConflictDoNothing()
            .run().changes === 1
        );
      });
    },

    async renameRegion(merchantId, regionId, name) {
      return write(() => {
        if (region(merchantId, regionId) === null) return "missing";
        const taken = db
          .select({ id: t.regions.id })
          .from(t.regions)
          .where(and(eq(t.regions.merchantId, merchantId), eq(t.regions.name, name)))
          .get();
        if (taken && taken.id !== regionId) return "taken";
        db.update(t.regions).set({ name }).where(eq(t.regions.id, regionId)).run();
        return "renamed";
      });
    },

    async deleteRegion(merchantId, regionId) {
      const deleted = write(() => {
        const found = region(merchantId, regionId);
        if (found === null) return null;
        const members = db
          .select({ id: t.locations.id, syncScope: t.locations.syncScope })
          .from(t.locations)
          .where(eq(t.locations.regionId, regionId))
          .all();
        const fellBack = members.filter((l) => l.syncScope === "region").map((l) => l.id);
        for (const id of fellBack)
          db.update(t.locations).set({ syncScope: "location" }).where(eq(t.locations.id, id)).run();
        db.update(t.locations)
          .set({ regionId: null })
          .where(eq(t.locations.regionId, regionId))
          .run();
        placesMoved.run(merchantId);
        db.delete(t.cardRegions).where(eq(t.cardRegions.regionId, regionId)).run();
        db.delete(t.scopeLog)
          .where(
            and(eq(t.scopeLog.merchantId, merchantId), eq(t.scopeLog.scope, regionScope(regionId))),
          )
          .run();
        db.delete(t.regions).where(eq(t.regions.id, regionId)).run();
        return { name: found.name, locationIds: members.map((l) => l.id), fellBack };
      });
      if (deleted)
        changes.publish({
          kind: "merchant",
          merchantId,
          scopes: [regionScope(regionId), ...deleted.locationIds, PLACES_MOVED],
        });
      return deleted;
    },

    async setLocationRegion(merchantId, locationId, regionId) {
      const moved = write((): boolean | null => {
        const location = db
          .select({ regionId: t.locations.regionId })
          .from(t.locations)
          .where(mine(merchantId, locationId))
          .get();
        if (!location || (regionId !== null && region(merchantId, regionId) === null)) return null;
        if (location.regionId === regionId) return false;
        db.update(t.locations).set({ regionId }).where(eq(t.locations.id, locationId)).run();
        placesMoved.run(merchantId);
        if (location.regionId !== null) {
          leave.run({ location: locationId, region: location.regionId });
          unlist.run({ merchant: merchantId, location: locationId, region: location.regionId });
        }
        if (regionId === null) return true;
        const version = nextVersion.get(merchantId, merchantId)?.version ?? 1;
        db.update(t.regions).set({ version }).where(eq(t.regions.id, regionId)).run();
        const names = { location: locationId, region: regionId, merchant: merchantId };
        backfill.run({ ...names, scope: regionScope(regionId) });
        join.run(names);
        listMembers.run({ version, region: regionId });
        return true;
      });
      if (moved === null) return false;
      if (moved)
        changes.publish({
          kind: "merchant",
          merchantId,
          scopes: movedScopes(locationId, regionId),
        });
      return true;
    },
  };
}
