import type { PinVerifier } from "@stamp/wire-protocol";
import type * as t from "./schema";
import type { StaffRecord, TillStaffRecord } from "./staff-store";

// Staff rows as both adapters read them (the schema parity test holds their columns alike).

type StaffRow = typeof t.staffMembers.$inferSelect;

export function staffOf(row: StaffRow, locationIds: readonly string[]): StaffRecord {
  return {
    id: row.id,
    merchantId: row.merchantId,
    name: row.name,
    phone: row.phone,
    adminUserId: row.adminUserId,
    locationIds,
    hasPin: row.pin !== null,
    createdAt: row.createdAt,
  };
}

export function tillStaffOf(row: Pick<StaffRow, "id" | "name" | "pin">): TillStaffRecord[] {
  return row.pin === null
    ? []
    : [{ id: row.id, name: row.name, pin: JSON.parse(row.pin) as PinVerifier }];
}

/** Each staff member's current locations, from `(staffId, locationId)` rows. */
export function locationsByStaff(
  rows: readonly { readonly staffId: string; readonly locationId: string }[],
): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const { staffId, locationId } of rows) {
    const list = by.get(staffId) ?? [];
    list.push(locationId);
    by.set(staffId, list);
  }
  return by;
}
