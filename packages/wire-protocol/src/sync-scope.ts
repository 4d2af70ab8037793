import * as v from "valibot";

/**
 * Which cards a till replicates (set by the merchant per location, default `location`):
 * - `location`: the cards used at the till's location (enrolled or stamped by one of its tills)
 *   and the cards no till has used yet (joined on a phone, made through the API);
 * - `merchant`: every card of the merchant (a small shop with a few tills).
 * A card scanned outside the scope is fetched on demand (`GET /api/v1/sync/cards/:cardId`); the
 * first stamp a till puts on it brings it into the till's location for good.
 */
export const SYNC_SCOPES = ["location", "merchant"] as const;
export type SyncScope = (typeof SYNC_SCOPES)[number];

export const SyncScopeSchema = v.picklist(SYNC_SCOPES, `must be one of ${SYNC_SCOPES.join(", ")}`);

/**
 * The first protocol version whose kiosks read location-scope cursors (`-l`) and fetch cards
 * outside their scope: older kiosks are served the merchant scope, as before.
 */
export const SCOPED_SYNC_PROTOCOL = 2;
