import { and, asc, eq } from "drizzle-orm";
import { locationOf, locationRowOf, programOf, programRowOf } from "../rows";
import * as t from "../schema";
import type { MerchantStore } from "../store";
import { saveProgramVersion } from "./program-version";
import type { SqliteContext } from "./sqlite-context";

/** Merchants, their locations and programs on SQLite. */
export function sqliteMerchants({ db, write, log }: SqliteContext): MerchantStore {
  const updateLocation = async (
    merchantId: string,
    locationId: string,
    set: Partial<typeof t.locations.$inferInsert>,
  ) =>
    db
      .update(t.locations)
      .set(set)
      .where(and(eq(t.locations.id, locationId), eq(t.locations.merchantId, merchantId)))
      .run().changes === 1;
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
      return db.select().from(t.merchants).where(eq(t.merchants.id, merchantId)).get() ?? null;
    },

    async listLocations(merchantId) {
      return db
        .select()
        .from(t.locations)
        .where(eq(t.locations.merchantId, merchantId))
        .orderBy(asc(t.locations.createdAt))
        .all()
        .map(locationOf);
    },

    async getLocation(merchantId, locationId) {
      const row = db
        .select()
        .from(t.locations)
        .where(and(eq(t.locations.id, locationId), eq(t.locations.merchantId, merchantId)))
        .get();
      return row ? locationOf(row) : null;
    },

    async findLocation(locationId) {
      const row = db.select().from(t.locations).where(eq(t.locations.id, locationId)).get();
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
      return updateLocation(merchantId, locationId, { syncScope: scope });
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
      const row = db
        .select()
        .from(t.programs)
        .where(and(eq(t.programs.id, programId), eq(t.programs.merchantId, merchantId)))
        .get();
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
