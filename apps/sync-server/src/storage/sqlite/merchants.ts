import { and, asc, count, eq, isNull } from "drizzle-orm";
import { columnsOf } from "../columns-of";
import { locationOf, locationRowOf, programOf, programRowOf, sameBusinessDetails } from "../rows";
import * as t from "../schema";
import { movedScopes } from "../scope-changes";
import type { LocationRemoval, MerchantStore } from "../store";
import { saveProgramVersion } from "./program-version";
import type { SqliteContext } from "./sqlite-context";

/** The merchant's location, unless removed. */
export const mine = (merchantId: string, locationId: string) =>
  and(
    eq(t.locations.id, locationId),
    eq(t.locations.merchantId, merchantId),
    isNull(t.locations.removedAt),
  );

/** The merchant's business details, as selected columns. */
const BUSINESS_DETAILS = {
  phone: t.merchants.contactPhone,
  website: t.merchants.website,
  address: t.merchants.address,
};
/** Merchants, their locations and programs on SQLite. */
export function sqliteMerchants({ db, client, write, log, changes }: SqliteContext): MerchantStore {
  // Every scoped sync round reads its till's location (`syncPlace`), and every compact card a
  // pull hands out its program (its fold's goal): statements prepared once, rows as drizzle
  // names them — the query builder's build and row mapping were a third of an idle round's CPU.
  const location = client.prepare<
    [{ merchantId: string; locationId: string }],
    typeof t.locations.$inferSelect
  >(
    `SELECT ${columnsOf(t.locations, "locations")} FROM locations
     WHERE id = @locationId AND merchant_id = @merchantId AND removed_at IS NULL`,
  );
  const program = client.prepare<
    [{ merchantId: string; programId: string }],
    typeof t.programs.$inferSelect
  >(
    `SELECT ${columnsOf(t.programs, "programs")} FROM programs
     WHERE id = @programId AND merchant_id = @merchantId`,
  );
  const updateLocation = async (
    merchantId: string,
    locationId: string,
    set: Partial<typeof t.locations.$inferInsert>,
  ) => db.update(t.locations).set(set).where(mine(merchantId, locationId)).run().changes === 1;
  return {
    async isEmpty() {
      return db.select({ id: t.merchants.id }).from(t.merchants).limit(1).all().length === 0;
    },

    async listMerchantIds() {
      return db
        .select({ id: t.merchants.id })
        .from(t.merchants)
        .orderBy(asc(t.merchants.createdAt), asc(t.merchants.id))
        .all()
        .map((row) => row.id);
    },

    async createMerchant(setup) {
      write(() => {
        db.insert(t.merchants).values(setup.merchant).run();
        db.insert(t.locations).values(locationRowOf(setup.location)).run();
        db.insert(t.programs).values(programRowOf(setup.program)).run();
        db.insert(t.devices).values(setup.serverDevice).run();
        db.insert(t.merchantLogs)
          .values({ merchantId: setup.merchant.id, head: 0, passTag: 0, lastHlc: null })
          .run();
      });
    },

    async getMerchant(merchantId) {
      return (
        db
          .select({ id: t.merchants.id, name: t.merchants.name, createdAt: t.merchants.createdAt })
          .from(t.merchants)
          .where(eq(t.merchants.id, merchantId))
          .get() ?? null
      );
    },

    async getBusinessDetails(merchantId) {
      return (
        db.select(BUSINESS_DETAILS).from(t.merchants).where(eq(t.merchants.id, merchantId)).get() ??
        null
      );
    },

    async setBusinessDetails(merchantId, details, now) {
      return write(() => {
        const current = db
          .select(BUSINESS_DETAILS)
          .from(t.merchants)
          .where(eq(t.merchants.id, merchantId))
          .get();
        if (!current) return false;
        if (sameBusinessDetails(current, details)) return true;
        db.update(t.merchants)
          .set({ contactPhone: details.phone, website: details.website, address: details.address })
          .where(eq(t.merchants.id, merchantId))
          .run();
        log.passesChanged(merchantId, null, null, now);
        return true;
      });
    },

    async listLocations(merchantId) {
      return db
        .select()
        .from(t.locations)
        .where(and(eq(t.locations.merchantId, merchantId), isNull(t.locations.removedAt)))
        .orderBy(asc(t.locations.createdAt))
        .all()
        .map(locationOf);
    },

    async getLocation(merchantId, locationId) {
      const row = location.get({ merchantId, locationId });
      return row ? locationOf(row) : null;
    },

    async findLocation(locationId) {
      const row = db
        .select()
        .from(t.locations)
        .where(and(eq(t.locations.id, locationId), isNull(t.locations.removedAt)))
        .get();
      return row ? locationOf(row) : null;
    },

    async createLocation(location) {
      db.insert(t.locations).values(locationRowOf(location)).run();
    },

    async setStaffPin(merchantId, locationId, pin) {
      return updateLocation(merchantId, locationId, {
        staffPinSalt: pin.salt,
        staffPinIterations: pin.iterations,
        staffPinHash: pin.hash,
      });
    },

    async setSyncScope(merchantId, locationId, scope) {
      const set = db
        .update(t.locations)
        .set({ syncScope: scope })
        .where(mine(merchantId, locationId))
        .returning({ id: t.locations.id })
        .get();
      if (!set) return false;
      // Its tills' held pulls read their place again (`PLACES_MOVED`).
      changes.publish({ kind: "merchant", merchantId, scopes: movedScopes(locationId, null) });
      return true;
    },

    async renameLocation(merchantId, locationId, name, now) {
      return write(() => {
        const row = db
          .update(t.locations)
          .set({ name })
          .where(mine(merchantId, locationId))
          .returning({ latitude: t.locations.latitude })
          .get();
        if (!row) return false;
        // Passes name a placed location on the lock screen ("You're near …").
        if (row.latitude !== null) log.passesChanged(merchantId, null, null, now);
        return true;
      });
    },

    async removeLocation(merchantId, locationId, now) {
      return write((): LocationRemoval => {
        const location = db
          .select({ latitude: t.locations.latitude })
          .from(t.locations)
          .where(mine(merchantId, locationId))
          .get();
        if (!location) return { removed: false, reason: "not-found" };
        const paired =
          db
            .select({ n: count() })
            .from(t.devices)
            .where(and(eq(t.devices.locationId, locationId), isNull(t.devices.revokedAt)))
            .get()?.n ?? 0;
        if (paired > 0) return { removed: false, reason: "devices-paired", devices: paired };
        db.delete(t.pairingCodes)
          .where(and(eq(t.pairingCodes.locationId, locationId), isNull(t.pairingCodes.usedAt)))
          .run();
        db.update(t.locations)
          .set({ removedAt: now, latitude: null, longitude: null, relevantText: null })
          .where(eq(t.locations.id, locationId))
          .run();
        if (location.latitude !== null) log.passesChanged(merchantId, null, null, now);
        return { removed: true };
      });
    },

    async listPrograms(merchantId) {
      return db
        .select()
        .from(t.programs)
        .where(eq(t.programs.merchantId, merchantId))
        .orderBy(asc(t.programs.createdAt))
        .all()
        .map(programOf);
    },

    async getProgram(merchantId, programId) {
      const row = program.get({ programId, merchantId });
      return row ? programOf(row) : null;
    },

    async slugTaken(slug) {
      return db.select().from(t.programs).where(eq(t.programs.slug, slug)).get() !== undefined;
    },

    async createProgram(record) {
      db.insert(t.programs).values(programRowOf(record)).run();
    },

    async updateProgram(edited, expectedVersion, now) {
      return write(() => saveProgramVersion({ db, log }, edited, expectedVersion, now));
    },
  };
}
