/**
 * A merchant's regions: named groups of its locations (wire protocol `SyncScope` `region`). The
 * tills of a location set to sync its region receive the cards used at any location of the region.
 */
export interface RegionRecord {
  readonly id: string;
  readonly merchantId: string;
  readonly name: string;
  /**
   * Unique among the merchant's regions, renewed whenever a location joins the region (its cards
   * join the region's view at their own positions): region cursors carry it, and a till whose
   * cursor has another version pulls the region from the start.
   */
  readonly version: number;
  readonly createdAt: number;
}

export interface NewRegion {
  readonly id: string;
  readonly merchantId: string;
  readonly name: string;
  readonly createdAt: number;
}

export interface RegionStore {
  /** The merchant's regions, by name. */
  listRegions(merchantId: string): Promise<RegionRecord[]>;
  getRegion(merchantId: string, regionId: string): Promise<RegionRecord | null>;
  /** False when the merchant has a region of that name already (nothing is written). */
  createRegion(region: NewRegion): Promise<boolean>;
  /**
   * Puts the merchant's location in a region (`null`: in none). The cards used at the location
   * join the region's view, and the region takes a new version; false when the location (not
   * removed) or the region is not the merchant's (nothing is written). Idempotent.
   */
  setLocationRegion(
    merchantId: string,
    locationId: string,
    regionId: string | null,
  ): Promise<boolean>;
}
