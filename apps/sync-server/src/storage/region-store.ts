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
   * cursor has another version pulls the region's cards it lacks (a join: `regionMembers`).
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

/** What deleting a region changed: its locations, now in no region. */
export interface DeletedRegion {
  readonly name: string;
  /** The region's locations, now in no region. */
  readonly locationIds: readonly string[];
  /** Those of them whose tills kept the region's cards: they keep their own location's now. */
  readonly fellBack: readonly string[];
}

export interface RegionStore {
  /** The merchant's regions, by name. */
  listRegions(merchantId: string): Promise<RegionRecord[]>;
  getRegion(merchantId: string, regionId: string): Promise<RegionRecord | null>;
  /**
   * The locations in a region at its `version` (any region of the merchant's, a deleted one's
   * too), in no order: all in it when it took the version, but those that left it since (or until its
   * next version). A till whose region cursor names `version` holds their cards up to its
   * position (SC8). Empty for a version never handed out, or handed out before this was kept.
   */
  regionMembers(merchantId: string, version: number): Promise<string[]>;
  /** False when the merchant has a region of that name already (nothing is written). */
  createRegion(region: NewRegion): Promise<boolean>;
  /**
   * Names the merchant's region anew: "missing" when it is not the merchant's, "taken" when
   * another of its regions has the name (nothing is written). Idempotent.
   */
  renameRegion(
    merchantId: string,
    regionId: string,
    name: string,
  ): Promise<"renamed" | "taken" | "missing">;
  /**
   * Deletes the merchant's region (null when it is not the merchant's): its locations go to no
   * region, those set to keep their region's cards keep their own location's (`syncScope`
   * "location"), and the region's view is dropped — its tills start over in their location's.
   */
  deleteRegion(merchantId: string, regionId: string): Promise<DeletedRegion | null>;
  /**
   * Puts the merchant's location in a region (`null`: in none). The cards used at the location
   * join the region's view, and the region takes a new version; the region it leaves keeps only
   * the cards used at its other locations (their new events no longer show there). False when the
   * location (not removed) or the region is not the merchant's (nothing is written). Idempotent.
   */
  setLocationRegion(
    merchantId: string,
    locationId: string,
    regionId: string | null,
  ): Promise<boolean>;
}
