import { type Program, withRewardHistory } from "@stamp/core";
import { and, asc, eq } from "drizzle-orm";
import { locationOf, locationRowOf, programOf, programRowOf } from "../rows";
import type { MerchantStore } from "../store";
import type { PgEventLog } from "./event-log";
import type { PgContext, PgTx } from "./pg-context";
import * as t from "./schema";

/**
 * Saves `edited` as the program's next version in the caller's transaction; false when
 * `expectedVersion` is stale. A program edit and a logo change both go this way, so every pass of
 * the program is re-versioned (and pushed) alike.
 */
export async function saveProgramVersion(
  tx: PgTx,
  log: PgEventLog,
  edited: Program,
  expectedVersion: number,
  now: number,
): Promise<boolean> {
  const where = and(
    eq(t.programs.id, edited.id),
    eq(t.programs.merchantId, edited.merchantId),
    eq(t.programs.version, expectedVersion),
  );
  // The program row, held until commit: two editors of one version, one wins.
  const [before] = await tx.db
    .select({ body: t.programs.body })
    .from(t.programs)
    .where(where)
    .for("update");
  if (!before) return false;
  const previous = JSON.parse(before.body) as Program;
  const program = withRewardHistory(previous, edited);
  await tx.db
    .update(t.programs)
    .set({ version: program.version, body: JSON.stringify(program), updatedAt: now })
    .where(where);
  // Only the goal is folded into card states: earned vouchers keep their terms (SPEC T3).
  const refold = previous.goal !== program.goal ? program : null;
  await log.passesChanged(tx, program.merchantId, program.id, refold, now);
  return true;
}

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
