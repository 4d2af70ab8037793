import {
  changedScopes,
  isNewCard,
  type LoggedPosition,
  NO_LOCATION,
  placeScopes,
  planScopes,
  regionOfScope,
} from "../append/scope-entries";
import { eventPage, type PageRows } from "../event-page";
import type { EventPage } from "../store";
import type { PgContext, PgTx } from "./pg-context";

// Each location's view of the merchant's log on PostgreSQL (`scope_log`, `card_scopes`; wire
// protocol `SyncScope`): written in the append's transaction after its events, read by pulls.

const unique = (values: Iterable<string>) => [...new Set(values)];

/**
 * The batch's events in the scopes of their cards (`planScopes`), after they are inserted; gives
 * the scopes that gained events, for the pulls waiting on them.
 */
export async function placeInScopes(
  tx: PgTx,
  merchantId: string,
  inserted: readonly LoggedPosition[],
  now: number,
): Promise<string[]> {
  const memberships = new Map<string, string[]>();
  for (const row of await tx.query<{ card_id: string; location_id: string }>(
    "scope-memberships",
    `SELECT card_id, location_id FROM card_scopes WHERE card_id = ANY($1::text[])
     UNION ALL SELECT card_id, 'region:' || region_id FROM card_regions
       WHERE card_id = ANY($1::text[])`,
    [unique(inserted.map((e) => e.cardId))],
  ))
    memberships.set(row.card_id, [...(memberships.get(row.card_id) ?? []), row.location_id]);
  const devices = await tx.query<{
    id: string;
    location_id: string | null;
    region_id: string | null;
  }>(
    "scope-devices",
    `SELECT d.id, d.location_id, l.region_id FROM devices d
     LEFT JOIN locations l ON l.id = d.location_id WHERE d.id = ANY($1::text[])`,
    [unique(inserted.map((e) => e.deviceId))],
  );
  const places = new Map(
    devices.map((row) => [
      row.id,
      placeScopes({ locationId: row.location_id, regionId: row.region_id }),
    ]),
  );
  const placeless = unique(inserted.map((e) => e.cardId)).filter((id) => !memberships.has(id));
  const created = new Map<string, number>();
  if (placeless.length > 0)
    for (const row of await tx.query<{ id: string; created_at: number }>(
      "scope-card-ages",
      "SELECT id, created_at FROM cards WHERE id = ANY($1::text[])",
      [placeless],
    ))
      created.set(row.id, row.created_at);
  const writes = planScopes(
    inserted,
    (cardId) => memberships.get(cardId) ?? [],
    (deviceId) => places.get(deviceId) ?? [],
    (cardId) => isNewCard(created.get(cardId) ?? now, now),
  );
  const { joins, entries } = writes;
  if (joins.length > 0) {
    // Events shown to every location (made while the card was new and of no location) are in
    // its view already; the rest of the card's history joins it here.
    const joined = [
      merchantId,
      joins.map((j) => j.cardId),
      joins.map((j) => j.scope),
      joins.map((j) => j.seq),
    ];
    const unnested = "unnest($2::text[], $3::text[], $4::bigint[]) AS u(card_id, scope, seq)";
    const locationJoins = joins.filter((j) => regionOfScope(j.scope) === null);
    if (locationJoins.length > 0)
      await tx.query(
        "scope-join",
        `INSERT INTO card_scopes (card_id, location_id, merchant_id, joined_seq)
         SELECT u.card_id, u.scope, $1, u.seq FROM ${unnested}`,
        [
          merchantId,
          locationJoins.map((j) => j.cardId),
          locationJoins.map((j) => j.scope),
          locationJoins.map((j) => j.seq),
        ],
      );
    const regionJoins = joins.filter((j) => regionOfScope(j.scope) !== null);
    if (regionJoins.length > 0)
      await tx.query(
        "scope-join-region",
        `INSERT INTO card_regions (card_id, region_id, merchant_id, joined_seq)
         SELECT u.card_id, u.scope, $1, u.seq FROM ${unnested}`,
        [
          merchantId,
          regionJoins.map((j) => j.cardId),
          regionJoins.map((j) => regionOfScope(j.scope)),
          regionJoins.map((j) => j.seq),
        ],
      );
    await tx.query(
      "scope-backfill",
      `INSERT INTO scope_log (merchant_id, scope, pos, seq)
       SELECT $1, u.scope, u.seq, e.seq FROM ${unnested}
       JOIN events e ON e.card_id = u.card_id AND e.merchant_id = $1 AND e.seq < u.seq
       WHERE NOT EXISTS (SELECT 1 FROM scope_log s WHERE s.merchant_id = $1
         AND s.scope = '${NO_LOCATION}' AND s.pos = e.seq AND s.seq = e.seq)`,
      joined,
    );
  }
  await tx.query(
    "scope-entries",
    `INSERT INTO scope_log (merchant_id, scope, pos, seq)
     SELECT $1, u.scope, u.pos, u.seq FROM unnest($2::text[], $3::bigint[], $4::bigint[])
       AS u(scope, pos, seq)`,
    [merchantId, entries.map((e) => e.scope), entries.map((e) => e.pos), entries.map((e) => e.seq)],
  );
  return changedScopes(writes);
}

/**
 * The events of a location's or region's view (`scope`: a location id or `regionScope`) after
 * `cursor`, up to the merchant's head, read with the scope's head (see `eventPage`): the log row's
 * head bounds the page whatever commits after it is read.
 */
export async function pullLocation(
  context: PgContext,
  merchantId: string,
  deviceId: string,
  scope: string,
  cursor: number,
  limit: number,
): Promise<EventPage> {
  // Each scope's newest position is the end of its primary-key range: no event is read.
  const [top] = await context.query<{ head: number | null; scope_head: number | null }>(
    "scope-head",
    `SELECT (SELECT head FROM merchant_logs WHERE merchant_id = $1) AS head, greatest(
       (SELECT max(pos) FROM scope_log WHERE merchant_id = $1 AND scope = $2),
       (SELECT max(pos) FROM scope_log WHERE merchant_id = $1 AND scope = '${NO_LOCATION}')
     ) AS scope_head`,
    [merchantId, scope],
  );
  const head = top?.head ?? 0;
  const rows = `SELECT s.pos, e.body FROM scope_log s
     JOIN events e ON e.merchant_id = s.merchant_id AND e.seq = s.seq
     WHERE s.merchant_id = $1 AND s.scope IN ($2, '${NO_LOCATION}') AND e.device_id <> $3`;
  return eventPage(
    { head, scopeHead: top?.scope_head ?? 0, cursor },
    limit,
    (count) =>
      context.query<PageRows[number]>(
        "scope-page",
        `${rows} AND s.pos > $4 AND s.pos <= $5 ORDER BY s.pos, s.seq LIMIT $6`,
        [merchantId, scope, deviceId, cursor, head, count],
      ),
    (pos) =>
      context.query<PageRows[number]>("scope-at", `${rows} AND s.pos = $4 ORDER BY s.seq`, [
        merchantId,
        scope,
        deviceId,
        pos,
      ]),
  );
}
