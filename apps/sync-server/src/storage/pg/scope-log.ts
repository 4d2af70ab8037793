import {
  isNewCard,
  type LoggedPosition,
  NO_LOCATION,
  NO_SCOPE_WRITES,
  placeScopes,
  planScopes,
  REGION_PREFIX,
  type ScopeWrites,
} from "../append/scope-entries";
import { eventPage, type PageRows } from "../event-page";
import type { EventPage } from "../store";
import type { PgContext, PgTx } from "./pg-context";

// Each location's view of the merchant's log on PostgreSQL (`scope_log`, `card_scopes`; wire
// protocol `SyncScope`): written in the append's transaction after its events, read by pulls.

/** `planScopeWrites`' plan, with the merchant's `places_version` it was read under. */
export interface PlannedScopes extends ScopeWrites {
  /**
   * `merchant_logs.places_version` when the devices' regions were read, or null when no device
   * of the batch is the merchant's: the hand-out refuses to run under a newer one (`handOut`).
   */
  readonly placesVersion: number | null;
}

/**
 * What `planScopeWrites` needs of a batch's cards and devices besides the cards' ages (read with
 * the cards: `readCards`): the cards' scopes so far, the devices' places, and the merchant's
 * `places_version` they were read under (null when no device of the batch is the merchant's).
 */
export interface ScopePlaces {
  readonly memberships: ReadonlyMap<string, readonly string[]>;
  readonly places: ReadonlyMap<string, readonly string[]>;
  readonly placesVersion: number | null;
}

/**
 * Reads the `ScopePlaces` of the cards and devices of a batch's events (those it stores are among
 * them) in one round trip, sent with the batch's first reads behind its cards' hold: no other
 * batch changes the cards' scopes until it commits. The cards are joined, not matched with
 * = ANY($1): on a small table the cached plan scans it and tests every row against every card of
 * the batch. A card in no scope has no row; its age comes with the card's own read, which holds
 * it (it was a third part of this read, each card looked up again and tested for no scope twice:
 * issue 13). Only the merchant's devices: one of another merchant that a refused event names
 * would bring that merchant's `places_version`.
 */
export async function readScopePlaces(
  tx: PgTx,
  merchantId: string,
  cardIds: readonly string[],
  deviceIds: readonly string[],
): Promise<ScopePlaces> {
  const [joined, devices] = await Promise.all([
    tx.query<{ card_id: string; scope: string }>(
      "scope-memberships",
      `SELECT s.card_id, s.location_id AS scope
       FROM unnest($1::text[]) AS u(id) JOIN card_scopes s ON s.card_id = u.id
       UNION ALL SELECT r.card_id, '${REGION_PREFIX}' || r.region_id
       FROM unnest($1::text[]) AS u(id) JOIN card_regions r ON r.card_id = u.id`,
      [cardIds],
    ),
    tx.query<{
      id: string;
      location_id: string | null;
      region_id: string | null;
      places_version: number;
    }>(
      "scope-devices",
      `SELECT d.id, d.location_id, l.region_id, m.places_version FROM devices d
       JOIN merchant_logs m ON m.merchant_id = d.merchant_id
       LEFT JOIN locations l ON l.id = d.location_id
       WHERE d.id = ANY($1::text[]) AND d.merchant_id = $2`,
      [deviceIds, merchantId],
    ),
  ]);
  const memberships = new Map<string, string[]>();
  for (const row of joined)
    memberships.set(row.card_id, [...(memberships.get(row.card_id) ?? []), row.scope]);
  const places = new Map(
    devices.map((row) => [
      row.id,
      placeScopes({ locationId: row.location_id, regionId: row.region_id }),
    ]),
  );
  const version = devices[0]?.places_version;
  return {
    memberships,
    places,
    placesVersion: version === undefined ? null : Number(version),
  };
}

/**
 * Where the batch's new events show (`planScopes`), planned before they have positions: `inserted`
 * counts from 1, and the log's hand-out adds the head before them. The cards are held by the
 * batch, so their locations cannot change meanwhile; their regions and their devices' regions
 * can (an admin moves a location between regions under the merchant's log row, which the batch
 * takes only in its last statement): the plan carries the merchant's `places_version` read with
 * the devices' regions (`read`), and the hand-out, under the row, runs only if no move came in
 * between — else the batch starts over and plans with the new regions. `created`: when each card
 * was made, read with the card (`readCards`).
 */
export function planScopeWrites(
  read: ScopePlaces,
  created: ReadonlyMap<string, number>,
  inserted: readonly LoggedPosition[],
  now: number,
): PlannedScopes {
  if (inserted.length === 0) return { ...NO_SCOPE_WRITES, placesVersion: null };
  const writes = planScopes(
    inserted,
    (cardId) => read.memberships.get(cardId) ?? [],
    (deviceId) => read.places.get(deviceId) ?? [],
    (cardId) => isNewCard(created.get(cardId) ?? now, now),
  );
  return { ...writes, placesVersion: read.placesVersion };
}

const COLUMNS = `s.pos, e.id, e.card_id AS "cardId", e.hlc, e.body`;

/** A view's rows of `scope` ($1 merchant, $3 the asking device, whose own events are left out). */
const viewRows = (scope: string) => `FROM scope_log s
   JOIN events e ON e.merchant_id = s.merchant_id AND e.seq = s.seq
   WHERE s.merchant_id = $1 AND s.scope ${scope} AND e.device_id <> $3`;

/** One scope's first $6 rows after the cursor $4 up to the head $5, in its primary key's order. */
const scopePage = (scope: string) => `(SELECT ${COLUMNS}, s.seq ${viewRows(`= ${scope}`)}
   AND s.pos > $4 AND s.pos <= $5 ORDER BY s.pos, s.seq LIMIT $6)`;

/**
 * A page of the view of the scope $2 (`pullLocation`): its rows and those of every location
 * (NO_LOCATION), each read in its primary key's order and the two merged (Merge Append). With
 * `scope IN (…)` PostgreSQL read and sorted every row of both from the cursor to the head for each
 * page: ~150 ms a page of a location's first pull of 100,000 events (issue 16, `scope-page-plan.test.ts`).
 */
export const SCOPE_PAGE = `SELECT pos, id, "cardId", hlc, body FROM (${scopePage("$2")}
   UNION ALL ${scopePage(`'${NO_LOCATION}'`)}) r ORDER BY pos, seq LIMIT $6`;

/** Every row of the view of the scope $2 at the position $4. */
const SCOPE_AT = `SELECT ${COLUMNS} ${viewRows(`IN ($2, '${NO_LOCATION}')`)}
   AND s.pos = $4 ORDER BY s.seq`;

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
  const [top] = await context.read<{ head: number | null; scope_head: number | null }>(
    "scope-head",
    `SELECT (SELECT head FROM merchant_logs WHERE merchant_id = $1) AS head, greatest(
       (SELECT max(pos) FROM scope_log WHERE merchant_id = $1 AND scope = $2),
       (SELECT max(pos) FROM scope_log WHERE merchant_id = $1 AND scope = '${NO_LOCATION}')
     ) AS scope_head`,
    [merchantId, scope],
  );
  const head = top?.head ?? 0;
  return eventPage(
    { head, scopeHead: top?.scope_head ?? 0, cursor },
    limit,
    (count) =>
      context.query<PageRows[number]>("scope-page", SCOPE_PAGE, [
        merchantId,
        scope,
        deviceId,
        cursor,
        head,
        count,
      ]),
    (pos) =>
      context.query<PageRows[number]>("scope-at", SCOPE_AT, [merchantId, scope, deviceId, pos]),
  );
}
