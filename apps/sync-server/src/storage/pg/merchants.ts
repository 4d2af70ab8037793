import { and, asc, count, eq, isNull } from "drizzle-orm";
import { columnsOf } from "../columns-of";
import { locationOf, locationRowOf, programOf, programRowOf, sameBusinessDetails } from "../rows";
import { movedScopes, type ScopeChanges } from "../scope-changes";
import type { LocationRemoval, MerchantStore } from "../store";
import type { PgEventLog } from "./event-log";
import type { PgContext } from "./pg-context";
import { saveProgramVersion } from "./program-version";
import * as t from "./schema";

/** The merchant's location, unless removed. */
export const mine = (merchantId: string, locationId: string) =>
  and(
    eq(t.locations.id, locationId),
    eq(t.locations.merchantId, merchantId),
    isNull(t.locations.removedAt),
  );

/** One query shared by the tills of a location that ask together (`PgContext.read`). */
const LOCATION_COLUMNS = columnsOf(t.locations, "locations");
/**
 * One query shared by the pulls that ask together (`PgContext.read`): each till a stamp wakes
 * checks the goals of the compact cards its page shares with the others (`compactPage`), and each
 * was a round trip of its own, in turn, while it held a slot of the pull gate (issue 16).
 */
const PROGRAM_COLUMNS = columnsOf(t.programs, "programs");

/** Thrown inside a removal's transaction to roll it back. */
class RemovalRefused extends Error {
  constructor(readonly devices: number) {
    super("devices are paired at the location");
  }
}

/** The merchant's business details, as selected columns. */
export const BUSINESS_DETAILS = {
  phone: t.merchants.contactPhone,
  website: t.merchants.website,
  address: t.merchants.address,
};

/** Merchants, their locations and programs on PostgreSQL. */
export function pgMerchants(
  { db, read, transaction, holdRow }: PgContext,
  log: PgEventLog,
  committed: ScopeChanges,
): MerchantStore {
  const updateLocation = async (
    merchantId: string,
    locationId: string,
    set: Partial<typeof t.locations.$inferInsert>,
  ) =>
    (
      await db
        .update(t.locations)
        .set(set)
        .where(mine(merchantId, locationId))
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
      const [row] = await db
        .select({ id: t.merchants.id, name: t.merchants.name, createdAt: t.merchants.createdAt })
        .from(t.merchants)
        .where(eq(t.merchants.id, merchantId));
      return row ?? null;
    },

    async getBusinessDetails(merchantId) {
      const [row] = await db
        .select(BUSINESS_DETAILS)
        .from(t.merchants)
        .where(eq(t.merchants.id, merchantId));
      return row ?? null;
    },

    async setBusinessDetails(merchantId, details, now) {
      return transaction(async (tx) => {
        // The merchant's row, held: of two saves at once, the second compares with the first.
        if (!(await holdRow(tx, "merchants", merchantId))) return false;
        const [current] = await tx.db
          .select(BUSINESS_DETAILS)
          .from(t.merchants)
          .where(eq(t.merchants.id, merchantId));
        if (!current) return false;
        if (sameBusinessDetails(current, details)) return true;
        await tx.db
          .update(t.merchants)
          .set({ contactPhone: details.phone, website: details.website, address: details.address })
          .where(eq(t.merchants.id, merchantId));
        await log.passesChanged(tx, merchantId, null, null, now);
        return true;
      });
    },

    async listLocations(merchantId) {
      const rows = await db
        .select()
        .from(t.locations)
        .where(and(eq(t.locations.merchantId, merchantId), isNull(t.locations.removedAt)))
        .orderBy(asc(t.locations.createdAt));
      return rows.map(locationOf);
    },

    async getLocation(merchantId, locationId) {
      const [row] = await read<typeof t.locations.$inferSelect>(
        "location-get",
        `SELECT ${LOCATION_COLUMNS} FROM locations
         WHERE id = $1 AND merchant_id = $2 AND removed_at IS NULL`,
        [locationId, merchantId],
      );
      return row ? locationOf(row) : null;
    },

    async findLocation(locationId) {
      const [row] = await db
        .select()
        .from(t.locations)
        .where(and(eq(t.locations.id, locationId), isNull(t.locations.removedAt)));
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
      const [set] = await db
        .update(t.locations)
        .set({ syncScope: scope })
        .where(mine(merchantId, locationId))
        .returning({ id: t.locations.id });
      if (!set) return false;
      // Its tills' held pulls, on every instance, read their place again (`PLACES_MOVED`).
      committed.publish({ kind: "merchant", merchantId, scopes: movedScopes(locationId, null) });
      return true;
    },

    async renameLocation(merchantId, locationId, name, now) {
      return transaction(async (tx) => {
        const [row] = await tx.db
          .update(t.locations)
          .set({ name })
          .where(mine(merchantId, locationId))
          .returning({ latitude: t.locations.latitude });
        if (!row) return false;
        // Passes name a placed location on the lock screen ("You're near …").
        if (row.latitude !== null) await log.passesChanged(tx, merchantId, null, null, now);
        return true;
      });
    },

    async removeLocation(merchantId, locationId, now) {
      return transaction(async (tx): Promise<LocationRemoval> => {
        // The location row, held: a second removal or a rename waits for this one. NO KEY UPDATE,
        // so a pairing's new device row (a foreign key to it) is not held up: that would deadlock
        // with the pairing code we wait for below.
        const [location] = await tx.db
          .select({ latitude: t.locations.latitude })
          .from(t.locations)
          .where(mine(merchantId, locationId))
          .for("no key update");
        if (!location) return { removed: false, reason: "not-found" };
        // Unused codes first: a pairing claiming one right now commits before this delete goes on
        // (its row is locked), so the count below sees its till and the removal is refused.
        await tx.db
          .delete(t.pairingCodes)
          .where(and(eq(t.pairingCodes.locationId, locationId), isNull(t.pairingCodes.usedAt)));
        const [paired] = await tx.db
          .select({ n: count() })
          .from(t.devices)
          .where(and(eq(t.devices.locationId, locationId), isNull(t.devices.revokedAt)));
        const devices = paired?.n ?? 0;
        if (devices > 0) throw new RemovalRefused(devices);
        await tx.db
          .update(t.locations)
          .set({ removedAt: now, latitude: null, longitude: null, relevantText: null })
          .where(eq(t.locations.id, locationId));
        if (location.latitude !== null) await log.passesChanged(tx, merchantId, null, null, now);
        return { removed: true };
      }).catch((error: unknown) => {
        // Refused: the transaction rolls back, keeping the codes it deleted.
        if (error instanceof RemovalRefused)
          return { removed: false, reason: "devices-paired", devices: error.devices } as const;
        throw error;
      });
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
      const [row] = await read<typeof t.programs.$inferSelect>(
        "program-get",
        `SELECT ${PROGRAM_COLUMNS} FROM programs WHERE id = $1 AND merchant_id = $2`,
        [programId, merchantId],
      );
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
