import type { RegionRecord } from "./region-store";
import type { LocationRecord, Store } from "./store";

/** What a sync round reads before it pulls: how far the merchant's log goes, where the till is. */
export interface SyncPlace {
  /** The merchant's newest log position (`maxSeq`). */
  readonly head: number;
  /** The till's location (`getLocation`): null when it is removed or not the merchant's. */
  readonly location: LocationRecord | null;
  /** The location's region (`getRegion`), null when it is in none. */
  readonly region: RegionRecord | null;
}

export interface SyncPlaceStore {
  /**
   * The merchant's log head with the location (`locationId` null: none) and its region, read
   * together (one statement on PostgreSQL, where every statement is a round trip).
   */
  syncPlace(merchantId: string, locationId: string | null): Promise<SyncPlace>;
}

/** `syncPlace` from the store's own reads, for an adapter whose reads cost no round trip (SQLite). */
export async function syncPlaceOf(
  store: Pick<Store, "maxSeq" | "getLocation" | "getRegion">,
  merchantId: string,
  locationId: string | null,
): Promise<SyncPlace> {
  const [head, location] = await Promise.all([
    store.maxSeq(merchantId),
    locationId === null ? null : store.getLocation(merchantId, locationId),
  ]);
  const region = location?.regionId ? await store.getRegion(merchantId, location.regionId) : null;
  return { head, location, region };
}
