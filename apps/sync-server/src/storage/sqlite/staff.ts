import { and, asc, eq, inArray, isNull, notInArray } from "drizzle-orm";
import * as t from "../schema";
import { locationsByStaff, staffOf, tillStaffOf } from "../staff-rows";
import type { StaffStore } from "../staff-store";
import type { SqliteContext } from "./sqlite-context";

const current = (merchantId: string) =>
  and(eq(t.staffMembers.merchantId, merchantId), isNull(t.staffMembers.removedAt));

/** Staff on SQLite (one process: each write is one transaction). */
export function sqliteStaff({ db, write }: SqliteContext): StaffStore {
  const locationsOf = (staffIds: readonly string[]) =>
    locationsByStaff(
      staffIds.length === 0
        ? []
        : db
            .select({ staffId: t.staffLocations.staffId, locationId: t.staffLocations.locationId })
            .from(t.staffLocations)
            .where(
              and(inArray(t.staffLocations.staffId, staffIds), isNull(t.staffLocations.removedAt)),
            )
            .orderBy(asc(t.staffLocations.locationId))
            .all(),
    );
  const records = (rows: (typeof t.staffMembers.$inferSelect)[]) => {
    const locations = locationsOf(rows.map((r) => r.id));
    return rows.map((row) => staffOf(row, locations.get(row.id) ?? []));
  };
  const one = (merchantId: string, staffId: string) =>
    db
      .select()
      .from(t.staffMembers)
      .where(and(current(merchantId), eq(t.staffMembers.id, staffId)))
      .get();
  /** The merchant's own locations among `ids`: another merchant's are never linked. */
  const ownLocations = (merchantId: string, ids: readonly string[]) =>
    ids.length === 0
      ? []
      : db
          .select({ id: t.locations.id })
          .from(t.locations)
          .where(and(eq(t.locations.merchantId, merchantId), inArray(t.locations.id, [...ids])))
          .all()
          .map((r) => r.id);
  const placeAt = (staffId: string, locationIds: readonly string[]) => {
    for (const locationId of locationIds)
      db.insert(t.staffLocations)
        .values({ staffId, locationId, removedAt: null })
        .onConflictDoUpdate({
          target: [t.staffLocations.staffId, t.staffLocations.locationId],
          set: { removedAt: null },
        })
        .run();
  };

  return {
    async listStaff(merchantId) {
      return records(
        db
          .select()
          .from(t.staffMembers)
          .where(current(merchantId))
          .orderBy(asc(t.staffMembers.name), asc(t.staffMembers.id))
          .all(),
      );
    },

    async getStaff(merchantId, staffId) {
      const row = one(merchantId, staffId);
      return row ? (records([row])[0] ?? null) : null;
    },

    async staffOfAdmin(merchantId, adminUserId) {
      const row = db
        .select()
        .from(t.staffMembers)
        .where(and(current(merchantId), eq(t.staffMembers.adminUserId, adminUserId)))
        .get();
      return row ? (records([row])[0] ?? null) : null;
    },

    async createStaff(staff) {
      return write(() => {
        const made = db
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
          .run();
        if (made.changes === 0) return false;
        placeAt(staff.id, ownLocations(staff.merchantId, staff.locationIds));
        return true;
      });
    },

    async updateStaff(merchantId, staffId, change, now) {
      return write(() => {
        if (!one(merchantId, staffId)) return false;
        db.update(t.staffMembers)
          .set({
            name: change.name,
            ...(change.phone === undefined ? {} : { phone: change.phone }),
          })
          .where(eq(t.staffMembers.id, staffId))
          .run();
        const wanted = ownLocations(merchantId, change.locationIds);
        db.update(t.staffLocations)
          .set({ removedAt: now })
          .where(
            and(
              eq(t.staffLocations.staffId, staffId),
              isNull(t.staffLocations.removedAt),
              wanted.length > 0 ? notInArray(t.staffLocations.locationId, wanted) : undefined,
            ),
          )
          .run();
        placeAt(staffId, wanted);
        return true;
      });
    },

    async setPersonalPin(merchantId, staffId, pin) {
      return write(() => {
        if (!one(merchantId, staffId)) return false;
        db.update(t.staffMembers)
          .set({ pin: pin === null ? null : JSON.stringify(pin) })
          .where(eq(t.staffMembers.id, staffId))
          .run();
        return true;
      });
    },

    async removeStaff(merchantId, staffId, now) {
      return write(() => {
        if (!one(merchantId, staffId)) return false;
        db.update(t.staffMembers)
          .set({ removedAt: now, adminUserId: null })
          .where(eq(t.staffMembers.id, staffId))
          .run();
        return true;
      });
    },

    async tillStaff(merchantId, locationId) {
      return db
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
        .orderBy(asc(t.staffMembers.name), asc(t.staffMembers.id))
        .all()
        .flatMap(tillStaffOf);
    },

    async knownStaff(merchantId, locationId, staffIds) {
      if (staffIds.length === 0) return new Set();
      const rows = db
        .select({ id: t.staffMembers.id })
        .from(t.staffMembers)
        .innerJoin(t.staffLocations, eq(t.staffLocations.staffId, t.staffMembers.id))
        .where(
          and(
            eq(t.staffMembers.merchantId, merchantId),
            eq(t.staffLocations.locationId, locationId),
            inArray(t.staffMembers.id, [...staffIds]),
          ),
        )
        .all();
      return new Set(rows.map((r) => r.id));
    },

    async staffNames(merchantId) {
      const rows = db
        .select({ id: t.staffMembers.id, name: t.staffMembers.name })
        .from(t.staffMembers)
        .where(eq(t.staffMembers.merchantId, merchantId))
        .all();
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    async setStaffSignIn(merchantId, locationId, setting) {
      const changed = db
        .update(t.locations)
        .set({ staffSignIn: setting.required ? 1 : 0, staffIdleMinutes: setting.idleMinutes })
        .where(and(eq(t.locations.id, locationId), eq(t.locations.merchantId, merchantId)))
        .run();
      return changed.changes > 0;
    },
  };
}
