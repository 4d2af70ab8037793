import { and, asc, eq, inArray, isNull, notInArray } from "drizzle-orm";
import { locationsByStaff, staffOf, tillStaffOf } from "../staff-rows";
import type { StaffStore } from "../staff-store";
import type { PgContext, PgDb } from "./pg-context";
import * as t from "./schema";

const current = (merchantId: string) =>
  and(eq(t.staffMembers.merchantId, merchantId), isNull(t.staffMembers.removedAt));

/** Staff on PostgreSQL: a change to one staff member holds its row, so two edits take turns. */
export function pgStaff({ db, transaction }: PgContext): StaffStore {
  const locationsOf = async (staffIds: readonly string[]) =>
    locationsByStaff(
      staffIds.length === 0
        ? []
        : await db
            .select({ staffId: t.staffLocations.staffId, locationId: t.staffLocations.locationId })
            .from(t.staffLocations)
            .where(
              and(
                inArray(t.staffLocations.staffId, [...staffIds]),
                isNull(t.staffLocations.removedAt),
              ),
            )
            .orderBy(asc(t.staffLocations.locationId)),
    );
  const records = async (rows: (typeof t.staffMembers.$inferSelect)[]) => {
    const locations = await locationsOf(rows.map((r) => r.id));
    return rows.map((row) => staffOf(row, locations.get(row.id) ?? []));
  };
  /** The current staff member, its row held to the end of the transaction. */
  const held = async (tx: PgDb, merchantId: string, staffId: string) =>
    (
      await tx
        .select({ id: t.staffMembers.id })
        .from(t.staffMembers)
        .where(and(current(merchantId), eq(t.staffMembers.id, staffId)))
        .for("no key update")
    ).length > 0;
  const ownLocations = async (tx: PgDb, merchantId: string, ids: readonly string[]) =>
    ids.length === 0
      ? []
      : (
          await tx
            .select({ id: t.locations.id })
            .from(t.locations)
            .where(and(eq(t.locations.merchantId, merchantId), inArray(t.locations.id, [...ids])))
        ).map((r) => r.id);
  const placeAt = async (tx: PgDb, staffId: string, locationIds: readonly string[]) => {
    if (locationIds.length === 0) return;
    await tx
      .insert(t.staffLocations)
      .values(locationIds.map((locationId) => ({ staffId, locationId, removedAt: null })))
      .onConflictDoUpdate({
        target: [t.staffLocations.staffId, t.staffLocations.locationId],
        set: { removedAt: null },
      });
  };

  return {
    async listStaff(merchantId) {
      return records(
        await db
          .select()
          .from(t.staffMembers)
          .where(current(merchantId))
          .orderBy(asc(t.staffMembers.name), asc(t.staffMembers.id)),
      );
    },

    async getStaff(merchantId, staffId) {
      const rows = await db
        .select()
        .from(t.staffMembers)
        .where(and(current(merchantId), eq(t.staffMembers.id, staffId)));
      return (await records(rows))[0] ?? null;
    },

    async staffOfAdmin(merchantId, adminUserId) {
      const rows = await db
        .select()
        .from(t.staffMembers)
        .where(and(current(merchantId), eq(t.staffMembers.adminUserId, adminUserId)));
      return (await records(rows))[0] ?? null;
    },

    async createStaff(staff) {
      return transaction(async (tx) => {
        const made = await tx.db
          .insert(t.staffMembers)
          .values({
            id: staff.id,
            merchantId: staff.merchantId,
            name: staff.name,
            phone: staff.phone ?? null,
            adminUserId: staff.adminUserId,
            pin: staff.pin === null ? null : JSON.stringify(staff.pin),
            createdAt: staff.createdAt,
          })
          .onConflictDoNothing()
          .returning({ id: t.staffMembers.id });
        if (made.length === 0) return false;
        await placeAt(
          tx.db,
          staff.id,
          await ownLocations(tx.db, staff.merchantId, staff.locationIds),
        );
        return true;
      });
    },

    async updateStaff(merchantId, staffId, change, now) {
      return transaction(async (tx) => {
        if (!(await held(tx.db, merchantId, staffId))) return false;
        await tx.db
          .update(t.staffMembers)
          .set({
            name: change.name,
            ...(change.phone === undefined ? {} : { phone: change.phone }),
          })
          .where(eq(t.staffMembers.id, staffId));
        const wanted = await ownLocations(tx.db, merchantId, change.locationIds);
        await tx.db
          .update(t.staffLocations)
          .set({ removedAt: now })
          .where(
            and(
              eq(t.staffLocations.staffId, staffId),
              isNull(t.staffLocations.removedAt),
              wanted.length > 0 ? notInArray(t.staffLocations.locationId, wanted) : undefined,
            ),
          );
        await placeAt(tx.db, staffId, wanted);
        return true;
      });
    },

    async setPersonalPin(merchantId, staffId, pin) {
      const changed = await db
        .update(t.staffMembers)
        .set({ pin: pin === null ? null : JSON.stringify(pin) })
        .where(and(current(merchantId), eq(t.staffMembers.id, staffId)))
        .returning({ id: t.staffMembers.id });
      return changed.length > 0;
    },

    async removeStaff(merchantId, staffId, now) {
      const changed = await db
        .update(t.staffMembers)
        .set({ removedAt: now, adminUserId: null })
        .where(and(current(merchantId), eq(t.staffMembers.id, staffId)))
        .returning({ id: t.staffMembers.id });
      return changed.length > 0;
    },

    async tillStaff(merchantId, locationId) {
      const rows = await db
        .select({ id: t.staffMembers.id, name: t.staffMembers.name, pin: t.staffMembers.pin })
        .from(t.staffMembers)
        .innerJoin(t.staffLocations, eq(t.staffLocations.staffId, t.staffMembers.id))
        .where(
          and(
            current(merchantId),
            eq(t.staffLocations.locationId, locationId),
            isNull(t.staffLocations.removedAt),
          ),
        )
        .orderBy(asc(t.staffMembers.name), asc(t.staffMembers.id));
      return rows.flatMap(tillStaffOf);
    },

    async knownStaff(merchantId, locationId, staffIds) {
      if (staffIds.length === 0) return new Set();
      const rows = await db
        .select({ id: t.staffMembers.id })
        .from(t.staffMembers)
        .innerJoin(t.staffLocations, eq(t.staffLocations.staffId, t.staffMembers.id))
        .where(
          and(
            eq(t.staffMembers.merchantId, merchantId),
            eq(t.staffLocations.locationId, locationId),
            inArray(t.staffMembers.id, [...staffIds]),
          ),
        );
      return new Set(rows.map((r) => r.id));
    },

    async staffNames(merchantId) {
      const rows = await db
        .select({ id: t.staffMembers.id, name: t.staffMembers.name })
        .from(t.staffMembers)
        .where(eq(t.staffMembers.merchantId, merchantId));
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    async setStaffSignIn(merchantId, locationId, setting) {
      const changed = await db
        .update(t.locations)
        .set({ staffSignIn: setting.required ? 1 : 0, staffIdleMinutes: setting.idleMinutes })
        .where(and(eq(t.locations.id, locationId), eq(t.locations.merchantId, merchantId)))
        .returning({ id: t.locations.id });
      return changed.length > 0;
    },
  };
}
