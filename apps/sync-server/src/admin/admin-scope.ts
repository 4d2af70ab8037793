import { roleAllows } from "./admin-role";
import type { Admin } from "./admin-session";

/**
 * What a manager tied to locations works on: a location's tills, staff and receipts are its
 * own; a customer is a location's when a till there enrolled or stamped the card (the rule is
 * `storage/card-within.ts`, applied in the store's queries). Anything of another location is
 * answered as if it did not exist (404), so its ids leak nothing.
 */
export function worksAt(admin: Admin, locationId: string | null): boolean {
  if (admin.locations === null) return true;
  return locationId !== null && admin.locations.includes(locationId);
}

/** Of `items`, those at a location the admin works at (`locationOf`). */
export function atWorkedLocations<T>(
  admin: Admin,
  items: readonly T[],
  locationOf: (item: T) => string | null,
): T[] {
  return items.filter((item) => worksAt(admin, locationOf(item)));
}

/** Whether the admin may open the admin `path` (its role, and whether it is tied to locations). */
export const mayOpen = (admin: Admin, path: string) =>
  roleAllows(admin.role, path, admin.locations !== null);
