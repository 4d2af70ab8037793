import {
  isNewCard,
  type LoggedPosition,
  NO_LOCATION,
  NO_SCOPE_WRITES,
  planScopes,
  type ScopeWrites,
} from "../append/scope-entries";
import { eventPage, type PageRows } from "../event-page";
import type { EventPage } from "../store";
import type { PgContext, PgTx } from "./pg-context";

// Each location's view of the merchant's log on PostgreSQL (`scope_log`, `card_scopes`; wire
// protocol `SyncScope`): written in the append's transaction after its events, read by pulls.

const unique = (values: Iterable<string>) => [...new Set(values)];

/**
 * Where the batch's new events show (`planScopes`), planned before they have positions: `inserted`
 * counts from 1, and the log's hand-out adds the head before them. The cards are held by the
 * batch, so their memberships cannot change meanwhile.
 */
export async function planScopeWrites(
  tx: PgTx,
  inserted: readonly LoggedPosition[],
  now: number,
): Promise<ScopeWrites> {
  if (inserted.length === 0) return NO_SCOPE_WRITES;
  const memberships = new Map<string, string[]>();
  for (const row of await tx.query<{ card_id: string; location_id: string }>(
    "scope-memberships",
    "SELECT card_id, location_id FROM card_scopes WHERE card_id = ANY($1::text[])",
    [unique(inserted.map((e) => e.cardId))],
  ))
    memberships.set(row.card_id, [...(memberships.get(row.card_id) ?? []), row.location_id]);
  const devices = await tx.query<{ id: string; location_id: string | null }>(
    "scope-devices",
    "SELECT id, location_id FROM devices WHERE id = ANY($1::text[])",
    [unique(inserted.map((e) => e.deviceId))],
  );
  const locations = new Map(devices.map((row) => [row.id, row.location_id]));
  const placeless = unique(inserted.map((e) => e.cardId)).filter((id) => !memberships.has(id));
  const created = new Map<string, number>();
  if (placeless.length > 0)
    for (const row of await tx.query<{ id: string; created_at: number }>(
      "scope-card-ages",
      "SELECT id, created_at FROM cards WHERE id = ANY($1::text[])",
      [placeless],
    ))
      created.set(row.id, row.created_at);
  return planScopes(
    inserted,
    (cardId) => memberships.get(cardId) ?? [],
    (deviceId) => locations.get(deviceId) ?? null,
    (cardId) => isNewCard(created.get(cardId) ?? now, now),
  );
}

/**
 * The location's events after `cursor`, up to the merchant's head, read with the scope's head
 * (see `eventPage`): the log row's head bounds the page whatever commits after it is read.
 */
export async function pullLocation(
  context: PgContext,
  merchantId: string,
  deviceId: string,
  locationId: string,
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
    [merchantId, locationId],
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
        [merchantId, locationId, deviceId, cursor, head, count],
      ),
    (pos) =>
      context.query<PageRows[number]>("scope-at", `${rows} AND s.pos = $4 ORDER BY s.seq`, [
        merchantId,
        locationId,
        deviceId,
        pos,
      ]),
  );
}
