import { hlcMillis, type StampEvent } from "@stamp/core";
import {
  activityNeeds,
  type CountedStamp,
  countedStamp,
  planActivity,
  visitsOf,
} from "../../insight/activity-plan";
import type { PgContext, PgTx } from "./pg-context";

const REBUILD_PAGE = 2_000;

/**
 * The PostgreSQL twin of sqlite/insight-rollup.ts: the dashboard's rollup kept in step in the
 * append's transaction, in two round trips per batch (what is revoked already; every count at once).
 */
export class PgInsightRollup {
  /** A till's location never changes, so it is read once per process. */
  readonly #locations = new Map<string, string>();

  async record(
    tx: PgTx,
    merchantId: string,
    added: readonly { readonly event: StampEvent }[],
    throughSeq = Number.MAX_SAFE_INTEGER,
  ): Promise<void> {
    if (added.length === 0) return;
    const events = added.map((row) => row.event);
    const needs = activityNeeds(events);
    const unknown = needs.deviceIds.filter((id) => !this.#locations.has(id));
    const [looked] = await tx.query<{ revoked: string[]; devices: string[]; locations: string[] }>(
      "insight-lookups",
      `SELECT
         (SELECT coalesce(array_agg(event_id), '{}') FROM insight_revoked
          WHERE event_id = ANY($1::text[])) AS revoked,
         (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM devices WHERE id = ANY($2::text[]))
           AS devices,
         (SELECT coalesce(array_agg(coalesce(location_id, '') ORDER BY id), '{}') FROM devices
          WHERE id = ANY($2::text[])) AS locations`,
      [needs.revocable, unknown],
    );
    (looked?.devices ?? []).forEach((id, i) => {
      this.#locations.set(id, looked?.locations[i] ?? "");
    });
    const targets = new Map<string, CountedStamp>();
    if (needs.targetIds.length > 0) {
      const rows = await tx.query<{ id: string; body: string; location: string }>(
        "insight-targets",
        `SELECT e.id, e.body, coalesce(d.location_id, '') AS location
         FROM events e JOIN devices d ON d.id = e.device_id
         WHERE e.id = ANY($1::text[]) AND e.merchant_id = $2 AND e.type = 'stamps.added'
           AND e.seq <= $3`,
        [needs.targetIds, merchantId, throughSeq],
      );
      for (const row of rows) targets.set(row.id, countedStamp(JSON.parse(row.body), row.location));
    }
    const plan = planActivity(events, {
      locationOf: this.#locations,
      targets,
      revoked: new Set(looked?.revoked ?? []),
    });
    const { hours, cards } = plan;
    await tx.query(
      "insight-write",
      `WITH hours AS (
         INSERT INTO insight_hours AS h
           (merchant_id, hour, location_id, channel, enrolled, visits, stamps)
         SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::int[], $6::int[],
           $7::int[])
         ON CONFLICT (merchant_id, hour, location_id, channel) DO UPDATE SET
           enrolled = h.enrolled + excluded.enrolled, visits = h.visits + excluded.visits,
           stamps = h.stamps + excluded.stamps
       ), revoked AS (
         INSERT INTO insight_revoked (event_id, merchant_id)
         SELECT unnest($8::text[]), $1 ON CONFLICT DO NOTHING
       )
       INSERT INTO insight_cards AS c
         (card_id, merchant_id, location_id, enrolled_at, visits, last_visit_at)
       SELECT u.card_id, $1, u.location_id, u.enrolled_at, u.visits, u.last_visit_at
       FROM unnest($9::text[], $10::text[], $11::bigint[], $12::int[], $13::bigint[])
         AS u (card_id, location_id, enrolled_at, visits, last_visit_at)
       ON CONFLICT (card_id) DO UPDATE SET
         visits = c.visits + excluded.visits,
         last_visit_at = GREATEST(c.last_visit_at, excluded.last_visit_at),
         enrolled_at = coalesce(excluded.enrolled_at, c.enrolled_at),
         location_id = CASE WHEN excluded.enrolled_at IS NULL THEN c.location_id
           ELSE excluded.location_id END`,
      [
        merchantId,
        hours.map((h) => h.hour),
        hours.map((h) => h.locationId),
        hours.map((h) => h.channel),
        hours.map((h) => h.enrolled),
        hours.map((h) => h.visits),
        hours.map((h) => h.stamps),
        plan.revoked,
        cards.map((c) => c.cardId),
        cards.map((c) => c.enrolled?.locationId ?? ""),
        cards.map((c) => c.enrolled?.at ?? null),
        cards.map((c) => c.visits),
        cards.map((c) => c.lastVisitAt),
      ],
    );
    for (const cardId of plan.recount) {
      const rows = await tx.query<{ hlc: string }>(
        "insight-standing",
        `SELECT hlc FROM events e WHERE e.card_id = $1 AND e.type = 'stamps.added' AND e.seq <= $2
           AND NOT EXISTS (SELECT 1 FROM insight_revoked r WHERE r.event_id = e.id)`,
        [cardId, throughSeq],
      );
      const { visits, lastVisitAt } = visitsOf(rows.map((row) => hlcMillis(row.hlc)));
      await tx.query(
        "insight-recount",
        "UPDATE insight_cards SET visits = $1, last_visit_at = $2 WHERE card_id = $3",
        [visits, lastVisitAt, cardId],
      );
    }
  }

  /** See the SQLite rollup's `rebuildPending`; of instances starting together, the first does it. */
  async rebuildPending(context: PgContext): Promise<void> {
    const pending = await context.query<{ id: string }>(
      "insight-pending",
      "SELECT merchant_id AS id FROM insight_pending",
      [],
    );
    for (const { id } of pending)
      await context.transaction(async (tx) => {
        // Under the merchant's log row: appends of other instances wait for the rebuild.
        await context.lockMerchant(tx, id);
        const claimed = await tx.query(
          "insight-claim-pending",
          "DELETE FROM insight_pending WHERE merchant_id = $1 RETURNING merchant_id",
          [id],
        );
        if (claimed.length === 0) return;
        for (const table of ["insight_hours", "insight_cards", "insight_revoked"])
          await tx.query(`insight-clear-${table}`, `DELETE FROM ${table} WHERE merchant_id = $1`, [
            id,
          ]);
        let after = 0;
        for (;;) {
          const rows = await tx.query<{ seq: number; body: string }>(
            "insight-rebuild-page",
            "SELECT seq, body FROM events WHERE merchant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            [id, after, REBUILD_PAGE],
          );
          if (rows.length === 0) break;
          after = rows.at(-1)?.seq ?? after;
          await this.record(
            tx,
            id,
            rows.map((row) => ({ event: JSON.parse(row.body) as StampEvent })),
            after,
          );
        }
      });
  }
}
