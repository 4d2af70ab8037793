import { type CursorPosition, cursorText } from "@stamp/wire-protocol";
import type { RegionRecord } from "../storage/region-store";
import type { LocationRecord, PullScope } from "../storage/store";

/**
 * What a location's tills replicate (wire protocol `SyncScope`): its view, its region's (`region`,
 * the one it is in; a location the merchant put in no region is served its own), or the
 * merchant's whole log.
 */
export function locationPullScope(
  location: LocationRecord,
  region: RegionRecord | null,
): PullScope {
  switch (location.syncScope) {
    case "location":
      return { kind: "location", locationId: location.id };
    case "region":
      return region
        ? { kind: "region", regionId: region.id, version: region.version }
        : { kind: "location", locationId: location.id };
    case "merchant":
      return { kind: "merchant" };
    default: {
      const unreachable: never = location.syncScope;
      throw new Error(`unknown sync scope ${unreachable}`);
    }
  }
}

/**
 * Where a pull in `scope` starts for a till at `cursor`: where it is when the cursor was read in
 * that same view or in a wider one that held the location's — the merchant's (every card), or
 * the region the till's location was in when the cursor was read (its view up to a position holds
 * the location's up to it: a card joins both at once, SC8), so a till whose region was deleted or
 * which went back to its location's cards downloads nothing again. Else from the start — the till
 * may lack cards of the new view before its cursor (its location went from its own scope to its
 * region's or the merchant's, moved to another region, or the region gained a location's cards).
 * A pull is a merge, so starting over costs a re-read, never a double.
 */
export function pullStart(cursor: Exclude<CursorPosition, "start-over">, scope: PullScope): number {
  // Midway through a first pull of compact cards (`firstPull`), the till holds only some cards.
  if (cursor.cardsAfter) return 0;
  if (cursor.scope === "merchant") return cursor.position;
  switch (scope.kind) {
    case "location":
      return cursor.position;
    case "region":
      return cursor.scope === "region" && cursor.region === scope.version ? cursor.position : 0;
    case "merchant":
      return 0;
    default: {
      const unreachable: never = scope;
      throw new Error(`unknown scope ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The cursor text of a pull in `scope` that ended at `position`. */
export function scopeCursor(position: number, epoch: string, scope: PullScope): string {
  return scope.kind === "region"
    ? cursorText(position, epoch, "region", scope.version)
    : cursorText(position, epoch, scope.kind);
}
