import type { RegionRecord } from "./region-store";
import type { DeviceRecord, LocationRecord } from "./store";

/**
 * What a sync round reads before it pulls: the till as it is now, how far the merchant's log goes,
 * where the till is.
 */
export interface SyncPlace {
  /** The device (`getDevice`): null when there is none. Its token is checked against it. */
  readonly device: DeviceRecord | null;
  /** The merchant's newest log position (`maxSeq`). */
  readonly head: number;
  /** The till's location (`getLocation`): null when it is removed or not the merchant's. */
  readonly location: LocationRecord | null;
  /** The location's region (`getRegion`), null when it is in none. */
  readonly region: RegionRecord | null;
  /**
   * The newest position up to `head` of the location's view and of its region's (their events and
   * those of no location; 0 when there are none, or no such location or region): a till of the
   * view at it or after it has nothing more to pull up to `head`.
   */
  readonly viewHeads: ViewHeads;
}

export interface ViewHeads {
  readonly location: number;
  readonly region: number;
}

export interface SyncPlaceStore {
  /**
   * The device, the merchant's log head, the location (`locationId` null: none) and its region,
   * read together: one statement on PostgreSQL, where every statement is a round trip, and the
   * whole of a round that finds nothing new before its page. Nothing is kept between calls: a
   * revoked device or a moved location shows in the next round on any instance.
   */
  syncPlace(deviceId: string, merchantId: string, locationId: string | null): Promise<SyncPlace>;
}
