import { type Column, type SQL, sql } from "drizzle-orm";

/**
 * The locations an admin account works for (admin/admin-scope.ts); null: every location.
 *
 * A card is a customer of a location when a till of that location enrolled or stamped it (it has
 * a `card_scopes` row there, as the sync scope counts it). A card no till has used yet (joined
 * on a phone, made through the API) belongs to no location, and — as on the tills, which all
 * receive such cards — every location sees it until a till uses it.
 */
export type WorkedLocations = readonly string[] | null;

/** "The card `cardId` is a customer of one of `locations`", in SQL both dialects read. */
export function cardWithin(cardId: Column, locations: WorkedLocations): SQL | undefined {
  if (locations === null) return undefined;
  const ids =
    locations.length === 0
      ? sql`NULL`
      : sql.join(
          locations.map((id) => sql`${id}`),
          sql`, `,
        );
  return sql`(NOT EXISTS (SELECT 1 FROM card_scopes cs WHERE cs.card_id = ${cardId}) OR EXISTS (SELECT 1 FROM card_scopes cs WHERE cs.card_id = ${cardId} AND cs.location_id IN (${ids})))`;
}
