import { and, asc, eq } from "drizzle-orm";
import { locationOf, locationRowOf, programOf, programRowOf } from "../rows";
import type { MerchantStore } from "../store";
import type { PgEventLog } from "./event-log";
import type { PgContext } from "./pg-context";
import { saveProgramVersion } from "./program-version";
import * as t from "./schema";

/** Merchants, their locations and programs on PostgreSQL. */
export function pgMerchants({ db, transaction }: PgContext, log: PgEventLog): MerchantStore {
  const updateLocation = async (
    merchantId: string,
    locationId: string,
    set: Partial<typeof t.locations.$inferInsert>,
  ) =>
    (
      await db
        .update(t.locations)
        .set(set)
        .where(and(eq(t.locations.id, locationId), eq(t.locations.merchantId, merchantId)))
        .returning({ id: t.locations.id })
    ).length === 1;
  return {
    async isEmpty() {
      return (await db.select({ id: t.merchants.id }).from(t.merchants).limit(1)).length === 0;
    },

    async listMerchantIds() {
      const rows = await db
        .select({ id: t.merchants.id })
        .from(t.merchants)
        .orderBy(asc(t.merchants.createdAt), asc(t.merchants.id));
      return rows.map((row) => row.id);
    },

    async createMerchant(setup) {
      await transaction(async ({ db: tx }) => {
        await tx.insert(t.merchants).values(setup.merchant);
        await tx.insert(t.locations).values(locationRowOf(setup.location));
        await tx.insert(t.programs).values(programRowOf(setup.program));
        await tx.insert(t.devices).values(setup.serverDevice);
        await tx
          .insert(t.merchantLogs)
          .values({ merchantId: setup.merchant.id, head: 0, passTag: 0, lastHlc: null });
      });
    },

    async getMerchant(merchantId) {
      const [row] = await db.select().from(t.merchants).where(eq(t.merchants.id, merchantId));
      return row ?? null;
    },

    async listLocations(merchantId) {
      const rows = await db
        .select()
        .from(t.locations)
        .where(eq(t.locations.merchantId, merchantId))
        .orderBy(asc(t.locations.createdAt));
      return rows.map(locationOf);
    },

    async getLocation(merchantId, locationId) {
      const [row] = await db
        .select()
        .from(t.locations)
        .where(and(eq(t.locations.id, locationId), eq(t.locations.merchantId, merchantId)));
      return row ? locationOf(row) : null;
    },

    async findLocation(locationId) {
      const [row] = await db.select().from(t.locations).where(eq(t.locations.id, locationId));
      return row ? locationOf(row) : null;
    },

    async createLocation(location) {
      await db.insert(t.locations).values(locationRowOf(location));
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
      const rows = await db
        .select()
        .from(t.programs)
        .where(eq(t.programs.merchantId, merchantId))
        .orderBy(asc(t.programs.createdAt));
      return rows.map(programOf);
    },

    async getProgram(merchantId, programId) {
      const [row] = await db
        .select()
        .from(t.programs)
        .where(and(eq(t.programs.id, programId), eq(t.programs.merchantId, merchantId)));
      return row ? programOf(row) : null;
    },

    async slugTaken(slug) {
      const rows = await db
        .select({ id: t.programs.id })
        .from(t.programs)
        .where(eq(t.programs.slug, slug));
      return rows.length > 0;
    },

    async createProgram(record) {
      await db.insert(t.programs).values(programRowOf(record));
    },

    async updateProgram(edited, expectedVersion, now) {
      return transaction((tx) => saveProgramVersion(tx, log, edited, expectedVersion, now));
    },
  };
}
