import * as v from "valibot";

/**
 * Which cards a till replicates (set by the merchant per location, default `location`):
 * - `location`: the cards used at the till's location (enrolled or stamped by one of its tills)
 *   and the new cards no till has used yet (joined on a phone or made through the API in the last
 *   NEW_CARD_SCOPE_DAYS: the customer is likely on the way to a till); an older card no till has
 *   used is in no location's scope — the merchant's backlog is not every till's to hold;
 * - `region`: the cards used at any location of the region the merchant put the till's location in
 *   (and the new cards, as above); a location in no region is served its `location` scope;
 * - `merchant`: every card of the merchant (a small shop with a few tills).
 * A card scanned outside the scope is fetched on demand (`GET /api/v1/sync/cards/:cardId`); the
 * first stamp a till puts on it brings it into the till's location for good.
 */
export const SYNC_SCOPES = ["location", "region", "merchant"] as const;
export type SyncScope = (typeof SYNC_SCOPES)[number];

/**
 * How long a card that no till has used stays in every location's scope (see `location` above):
 * events made for it within this many days of its enrolment show at every location, later ones at
 * none until a till uses it (then the location receives its whole history, SC3).
 */
export const NEW_CARD_SCOPE_DAYS = 7;

export const SyncScopeSchema = v.picklist(SYNC_SCOPES, `must be one of ${SYNC_SCOPES.join(", ")}`);

/**
 * The first protocol version whose kiosks read location-scope cursors (`-l`) and fetch cards
 * outside their scope: older kiosks are served the merchant scope, as before.
 */
export const SCOPED_SYNC_PROTOCOL = 2;
