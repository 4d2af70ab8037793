import { hlcMillis, type StampEvent } from "@stamp/core";
import {
  type ActivityPlan,
  activityNeeds,
  type CountedStamp,
  countedStamp,
  type DayDelta,
  dayDeltas,
  type HourDelta,
  planActivity,
  visitsOf,
} from "../../insight/activity-plan";
import { type CardVisits, cardVisits } from "../../insight/card-visits";
import type { CardVoucherWrites } from "../../insight/reward-rows";
import { type PlannedRewards, planRewards } from "./insight-rewards";
import type { PgTx } from "./pg-context";

/** What `PgInsightRollup.plan` reads: the lookups' one row, and the stamps revocations target. */
export type ActivityLookups = [
  { revoked: string[]; devices: string[]; locations: string[]; pending: number | null }[],
  { id: string; body: string; location: string }[],
];

/** What a batch changes in the rollup, read and planned before the batch's hand-out. */
export interface PlannedActivity {
  readonly merchantId: string;
  readonly plan: ActivityPlan;
  /** Cards that lost a visit, with their visits and newest visit counted again. */
  readonly recounted: readonly { cardId: string; visits: number; lastVisitAt: number | null }[];
  readonly rewards: PlannedRewards;
  /**
   * What the batch adds to its cards' visits: an append's hand-out writes them with the cards
   * (one write per card, issue 13), a rebuild's step with `writeVisits`.
   */
  readonly visits: ReadonlyMap<string, CardVisits>;
}

const hourKey = (h: HourDelta) => `${h.hour}|${h.locationId}|${h.channel}`;
const byHour = (a: HourDelta, b: HourDelta) =>
  hourKey(a) < hourKey(b) ? -1 : hourKey(a) > hourKey(b) ? 1 : 0;
const dayKey = (d: DayDelta) => `${d.day}|${d.locationId}|${d.channel}`;
const byDay = (a: DayDelta, b: DayDelta) =>
  dayKey(a) < dayKey(b) ? -1 : dayKey(a) > dayKey(b) ? 1 : 0;

/**
 * The stored events `e` the rollup has counted ($2: the merchant, $3: a rebuild's page end or 0):
 * every one, unless the merchant's rollup is being rebuilt; then those up to the rebuild's
 * position (or its page) and those after the position appends count from
 * (storage/rollup-rebuild-store.ts).
 */
const COUNTED = `NOT EXISTS (SELECT 1 FROM insight_pending p WHERE p.merchant_id = $2
  AND e.seq > greatest(p.through_seq, $3) AND e.seq <= p.appends_count_after)`;

/**
 * The PostgreSQL twin of sqlite/insight-rollup.ts: the dashboard's rollup kept in step in the
 * append's transaction. `plan` reads what the batch needs (one round trip, sent beside the
 * append's other writes; one more only when a revocation takes a visit back) before the batch's
 * events are stored; `write` is sent in the same round trip as the hand-out, so the hour rows
 * (shared by every till of a location) are held about as briefly as the merchant's log row.
 */
export class PgInsightRollup {
  /** A till's location never changes, so it is read once per process. */
  readonly #locations = new Map<string, string>();

  /**
   * Sends the reads `plan` makes for `events` (one round trip, or none of its own when sent beside
   * other reads): the pending check, the events already revoked, the devices' locations, and the
   * stamps the revocations target. An append sends them for its whole batch (those it stores are
   * among them) with its first reads.
   */
  lookup(
    tx: PgTx,
    merchantId: string,
    events: readonly StampEvent[],
    throughSeq?: number,
  ): Promise<ActivityLookups> {
    const needs = activityNeeds(events);
    const unknown = needs.deviceIds.filter((id) => !this.#locations.has(id));
    // An append's pending check is first in the pipeline (the connection runs its queries in
    // order, the check first in this statement): if it waited for a rebuild's step, the lookups
    // behind it see what that step counted. -1: the rebuild counts this batch's events.
    return Promise.all([
      tx.query<{
        revoked: string[];
        devices: string[];
        locations: string[];
        pending: number | null;
      }>(
        "insight-lookups",
        `SELECT
           (SELECT coalesce(appends_count_after, -1)::float8 FROM insight_pending
            WHERE merchant_id = $3 FOR KEY SHARE) AS pending,
           (SELECT coalesce(array_agg(event_id), '{}') FROM insight_revoked
            WHERE event_id = ANY($1::text[])) AS revoked,
           (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM devices
            WHERE id = ANY($2::text[])) AS devices,
           (SELECT coalesce(array_agg(coalesce(location_id, '') ORDER BY id), '{}') FROM devices
            WHERE id = ANY($2::text[])) AS locations`,
        [
          needs.revocable,
          unknown,
          throughSeq === undefined && events.length > 0 ? merchantId : null,
        ],
      ),
      needs.targetIds.length === 0
        ? []
        : tx.query<{ id: string; body: string; location: string }>(
            "insight-targets",
            `SELECT e.id, e.body, coalesce(d.location_id, '') AS location
             FROM events e JOIN devices d ON d.id = e.device_id
             WHERE e.id = ANY($1::text[]) AND e.merchant_id = $2 AND e.type = 'stamps.added'
               AND ${COUNTED}`,
            [needs.targetIds, merchantId, throughSeq ?? 0],
          ),
    ]);
  }

  /**
   * Plans the counts of the events a batch adds (in log order) and the reward rows of what its
   * saves write of the cards' vouchers, from the lookups of those events or more (`read`, else read
   * now: `lookup`).
   * `throughSeq` (in `page`): the end of a rebuild's page (stored already). An append's batch (no
   * `throughSeq`, not yet stored) of a merchant whose rollup is being rebuilt holds the pending
   * row shared to its commit, so the rebuild's steps run before or after it, never beside it; it
   * leaves its events' counts to the rebuild until the rebuild's first step fixed where appends
   * count from (storage/rollup-rebuild-store.ts).
   */
  async plan(
    tx: PgTx,
    merchantId: string,
    added: readonly { readonly event: StampEvent }[],
    writes: readonly CardVoucherWrites[] = [],
    page: { readonly throughSeq?: number; readonly read?: ActivityLookups } = {},
  ): Promise<PlannedActivity | null> {
    const { throughSeq, read } = page;
    if (added.length === 0 && writes.length === 0) return null;
    const batch = added.map((row) => row.event);
    const lookups = read ? Promise.resolve(read) : this.lookup(tx, merchantId, batch, throughSeq);
    const devices = lookups.then(([[looked]]) => {
      (looked?.devices ?? []).forEach((id, i) => {
        this.#locations.set(id, looked?.locations[i] ?? "");
      });
      return (deviceId: string) => this.#locations.get(deviceId) ?? "";
    });
    const [[[looked], targetRows], rewards] = await Promise.all([
      lookups,
      planRewards(tx, batch, writes, devices),
    ]);
    const events = looked?.pending === -1 ? [] : batch;
    const targets = new Map<string, CountedStamp>();
    for (const row of targetRows)
      targets.set(row.id, countedStamp(JSON.parse(row.body), row.location));
    const revokedBefore = new Set(looked?.revoked ?? []);
    const plan = planActivity(events, {
      locationOf: this.#locations,
      targets,
      revoked: revokedBefore,
    });
    return {
      merchantId,
      plan,
      recounted: await this.#recount(tx, merchantId, events, plan, revokedBefore, throughSeq ?? 0),
      rewards,
      visits: cardVisits(plan),
    };
  }

  /**
   * A card that lost a visit has its visits counted again: its stored stamps that still stand
   * (the batch's own left out: an append's are not stored yet, a rebuild's page is) and the
   * batch's stamps that still stand.
   */
  async #recount(
    tx: PgTx,
    merchantId: string,
    events: readonly StampEvent[],
    plan: ActivityPlan,
    revokedBefore: ReadonlySet<string>,
    page: number,
  ): Promise<PlannedActivity["recounted"]> {
    if (plan.recount.length === 0) return [];
    const undone = new Set([...plan.revoked, ...revokedBefore]);
    const batchIds = events.map((event) => event.id);
    const stored = await tx.query<{ card_id: string; hlc: string }>(
      "insight-standing",
      `SELECT card_id, hlc FROM events e
       WHERE e.card_id = ANY($1::text[]) AND e.merchant_id = $2 AND e.type = 'stamps.added'
         AND ${COUNTED} AND e.id <> ALL($4::text[]) AND e.id <> ALL($5::text[])
         AND NOT EXISTS (SELECT 1 FROM insight_revoked r WHERE r.event_id = e.id)`,
      [plan.recount, merchantId, page, batchIds, [...undone]],
    );
    return plan.recount.map((cardId) => {
      const times = [
        ...stored.filter((row) => row.card_id === cardId).map((row) => hlcMillis(row.hlc)),
        ...events.flatMap((event) =>
          event.type === "stamps.added" && event.cardId === cardId && !undone.has(event.id)
            ? [hlcMillis(event.hlc)]
            : [],
        ),
      ];
      return { cardId, ...visitsOf(times) };
    });
  }

  /**
   * Writes a planned batch's counts but its cards' visits (`visits`): one statement, and one per
   * recounted card.
   */
  async write(tx: PgTx, planned: PlannedActivity | null): Promise<void> {
    if (!planned) return;
    const { merchantId, plan } = planned;
    // Written once per card, by the batch that enrols it.
    const enrolled = plan.cards.filter((c) => c.enrolled !== null);
    // In one order for every batch: two batches never wait on each other's hour rows in a circle.
    const hours = [...plan.hours].sort(byHour);
    const days = dayDeltas(plan.hours).sort(byDay);
    const { put, drops } = planned.rewards;
    await Promise.all([
      tx.query(
        "insight-write",
        `WITH hours AS (
           INSERT INTO insight_hours AS h
             (merchant_id, hour, location_id, channel, enrolled, visits, stamps, events)
           SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::int[], $6::int[],
             $7::int[], $12::int[])
           ON CONFLICT (merchant_id, hour, location_id, channel) DO UPDATE SET
             enrolled = h.enrolled + excluded.enrolled, visits = h.visits + excluded.visits,
             stamps = h.stamps + excluded.stamps, events = h.events + excluded.events
         ), days AS (
           INSERT INTO insight_days AS d (merchant_id, day, location_id, channel, enrolled, visits, stamps)
           SELECT $1, * FROM unnest($13::bigint[], $14::text[], $15::text[], $16::int[], $17::int[],
             $18::int[])
           ON CONFLICT (merchant_id, day, location_id, channel) DO UPDATE SET
             enrolled = d.enrolled + excluded.enrolled, visits = d.visits + excluded.visits,
             stamps = d.stamps + excluded.stamps
         ), revoked AS (
           INSERT INTO insight_revoked (event_id, merchant_id)
           SELECT unnest($8::text[]), $1 ON CONFLICT DO NOTHING
         ), rewards AS (
           INSERT INTO insight_rewards AS r (card_id, cycle, merchant_id, issued_day, issued_location,
             redeemed_day, redeemed_location)
           SELECT u.card_id, u.cycle, $1, u.issued_day, u.issued_location, u.redeemed_day,
             u.redeemed_location
           FROM unnest($19::text[], $20::int[], $21::bigint[], $22::text[], $23::bigint[], $24::text[])
             AS u (card_id, cycle, issued_day, issued_location, redeemed_day, redeemed_location)
           ON CONFLICT (card_id, cycle) DO UPDATE SET issued_day = excluded.issued_day,
             issued_location = excluded.issued_location, redeemed_day = excluded.redeemed_day,
             redeemed_location = excluded.redeemed_location
         ), dropped AS (
           DELETE FROM insight_rewards r USING unnest($25::text[], $26::int[]) AS u (card_id, keep)
           WHERE r.card_id = u.card_id AND r.cycle > u.keep
         )
         UPDATE cards AS c SET insight_enrolled_at = u.enrolled_at,
           insight_location_id = u.location_id
         FROM unnest($9::text[], $10::text[], $11::bigint[]) AS u (id, location_id, enrolled_at)
         WHERE c.id = u.id`,
        [
          merchantId,
          hours.map((h) => h.hour),
          hours.map((h) => h.locationId),
          hours.map((h) => h.channel),
          hours.map((h) => h.enrolled),
          hours.map((h) => h.visits),
          hours.map((h) => h.stamps),
          plan.revoked,
          enrolled.map((c) => c.cardId),
          enrolled.map((c) => c.enrolled?.locationId ?? ""),
          enrolled.map((c) => c.enrolled?.at ?? null),
          hours.map((h) => h.events),
          days.map((d) => d.day),
          days.map((d) => d.locationId),
          days.map((d) => d.channel),
          days.map((d) => d.enrolled),
          days.map((d) => d.visits),
          days.map((d) => d.stamps),
          put.map((r) => r.cardId),
          put.map((r) => r.cycle),
          put.map((r) => r.issuedDay),
          put.map((r) => r.issuedLocation),
          put.map((r) => r.redeemedDay),
          put.map((r) => r.redeemedLocation),
          drops.map((d) => d.cardId),
          drops.map((d) => d.keep),
        ],
      ),
      ...planned.recounted.map(({ cardId, visits, lastVisitAt }) =>
        tx.query(
          "insight-recount",
          "UPDATE cards SET insight_visits = $1, insight_last_visit_at = $2 WHERE id = $3",
          [visits, lastVisitAt, cardId],
        ),
      ),
    ]);
  }

  /** A rebuild's step adds its page's visits to the cards (an append's hand-out does that). */
  async writeVisits(tx: PgTx, planned: PlannedActivity | null): Promise<void> {
    if (!planned || planned.visits.size === 0) return;
    const visits = [...planned.visits];
    await tx.query(
      "insight-visits",
      `UPDATE cards AS c SET insight_visits = c.insight_visits + u.visits,
         insight_last_visit_at = greatest(c.insight_last_visit_at, u.last_visit_at)
       FROM unnest($1::text[], $2::int[], $3::bigint[]) AS u (id, visits, last_visit_at)
       WHERE c.id = u.id`,
      [
        visits.map(([id]) => id),
        visits.map(([, v]) => v.visits),
        visits.map(([, v]) => v.lastVisitAt),
      ],
    );
  }
}
