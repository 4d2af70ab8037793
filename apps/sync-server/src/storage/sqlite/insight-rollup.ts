import type { StampEvent } from "@stamp/core";
import { hlcMillis } from "@stamp/core";
import type Database from "better-sqlite3";
import {
  type ActivityLookups,
  type ActivityPlan,
  activityNeeds,
  type CountedStamp,
  countedStamp,
  dayDeltas,
  planActivity,
  visitsOf,
} from "../../insight/activity-plan";
import { type CardVisits, cardVisits } from "../../insight/card-visits";
import { batchLocations, type CardVoucherWrites } from "../../insight/reward-rows";
import { InsightRewards } from "./insight-rewards";

/**
 * The stored events `e` the rollup has counted (parameters: the merchant, a rebuild's page end or
 * 0): every one, unless the merchant's rollup is being rebuilt; then those up to the rebuild's
 * position (or its page) and those after the position appends count from
 * (storage/rollup-rebuild-store.ts).
 */
const COUNTED = `NOT EXISTS (SELECT 1 FROM insight_pending p WHERE p.merchant_id = ?
  AND e.seq > max(p.through_seq, ?) AND e.seq <= p.appends_count_after)`;

/** What the events of a batch or a rebuild's page change in the rollup (see `InsightRollup`). */
export interface CountedActivity {
  readonly merchantId: string;
  readonly plan: ActivityPlan;
  /** A rebuild's page end, 0 for an append's batch (see COUNTED). */
  readonly page: number;
}

/**
 * Keeps the dashboard's rollup (insight_hours and insight_days, the cards' `insight_*` columns,
 * insight_revoked, insight_rewards) in step with the log, inside the append's transaction: what
 * `planActivity` decides for the events a batch added, and the reward rows of the voucher rows a
 * save wrote. An append plans before it saves its cards, so each save writes its card's visits
 * (`cardVisits`) with the card: one write per card (issue 13).
 */
export class InsightRollup {
  readonly #location: Database.Statement<[string], { location: string }>;
  readonly #target: Database.Statement<
    [string, string, string, number],
    { body: string; location: string }
  >;
  readonly #revoked: Database.Statement<[string], { id: string }>;
  readonly #hour: Database.Statement;
  readonly #day: Database.Statement;
  readonly #rewards: InsightRewards;
  readonly #visits: Database.Statement<[number, number | null, number | null, string]>;
  readonly #enrolled: Database.Statement<[number, string, string]>;
  readonly #revoke: Database.Statement;
  readonly #standing: Database.Statement<[string, string, string, number], { hlc: string }>;
  readonly #recount: Database.Statement;
  readonly #rebuilding: Database.Statement<[string], { after: number | null }>;

  constructor(db: Database.Database) {
    this.#rebuilding = db.prepare(
      "SELECT appends_count_after AS after FROM insight_pending WHERE merchant_id = ?",
    );
    this.#location = db.prepare(
      "SELECT coalesce(location_id, '') AS location FROM devices WHERE id = ?",
    );
    this.#target = db.prepare(
      `SELECT e.body, coalesce(d.location_id, '') AS location
       FROM events e JOIN devices d ON d.id = e.device_id
       WHERE e.id = ? AND e.merchant_id = ? AND e.type = 'stamps.added' AND ${COUNTED}`,
    );
    // Of a JSON array of event ids (a batch's stamps and its revocations' targets), those revoked:
    // one statement a batch, not one per stamp (issue 13).
    this.#revoked = db.prepare(
      "SELECT event_id AS id FROM insight_revoked WHERE event_id IN (SELECT value FROM json_each(?))",
    );
    this.#hour = db.prepare(
      `INSERT INTO insight_hours
         (merchant_id, hour, location_id, channel, enrolled, visits, stamps, events)
       VALUES (@merchantId, @hour, @locationId, @channel, @enrolled, @visits, @stamps, @events)
       ON CONFLICT (merchant_id, hour, location_id, channel) DO UPDATE SET
         enrolled = enrolled + excluded.enrolled, visits = visits + excluded.visits,
         stamps = stamps + excluded.stamps, events = events + excluded.events`,
    );
    this.#day = db.prepare(
      `INSERT INTO insight_days (merchant_id, day, location_id, channel, enrolled, visits, stamps)
       VALUES (@merchantId, @day, @locationId, @channel, @enrolled, @visits, @stamps)
       ON CONFLICT (merchant_id, day, location_id, channel) DO UPDATE SET
         enrolled = enrolled + excluded.enrolled, visits = visits + excluded.visits,
         stamps = stamps + excluded.stamps`,
    );
    this.#rewards = new InsightRewards(db);
    this.#visits = db.prepare(
      `UPDATE cards SET insight_visits = insight_visits + ?,
         insight_last_visit_at = coalesce(max(insight_last_visit_at, ?), insight_last_visit_at, ?)
       WHERE id = ?`,
    );
    this.#enrolled = db.prepare(
      "UPDATE cards SET insight_enrolled_at = ?, insight_location_id = ? WHERE id = ?",
    );
    this.#revoke = db.prepare(
      "INSERT OR IGNORE INTO insight_revoked (event_id, merchant_id) VALUES (?, ?)",
    );
    this.#standing = db.prepare(
      `SELECT hlc FROM events e
       WHERE e.card_id = ? AND e.merchant_id = ? AND e.type = 'stamps.added' AND ${COUNTED}
         AND NOT EXISTS (SELECT 1 FROM insight_revoked r WHERE r.event_id = e.id)`,
    );
    this.#recount = db.prepare(
      "UPDATE cards SET insight_visits = ?, insight_last_visit_at = ? WHERE id = ?",
    );
  }

  /**
   * Plans the counts of the events a batch added (stored already), unless the merchant's rollup is
   * being rebuilt and the rebuild has not fixed where appends count from: then it counts them when
   * it reads the log that far (storage/rollup-rebuild-store.ts). The batch's saves write its
   * cards' visits (`cardVisits`), then `write` the rest.
   */
  plan(
    merchantId: string,
    added: readonly { readonly event: StampEvent }[],
  ): CountedActivity | null {
    if (added.length === 0) return null;
    const rebuilding = this.#rebuilding.get(merchantId);
    if (rebuilding && rebuilding.after === null) return null;
    return this.#plan(merchantId, added, 0);
  }

  /**
   * Counts a rebuild's page of events (in log order; `page`: where it ends), the cards' visits
   * included.
   */
  count(merchantId: string, added: readonly { readonly event: StampEvent }[], page: number): void {
    if (added.length === 0) return;
    const counted = this.#plan(merchantId, added, page);
    for (const [cardId, visits] of cardVisits(counted.plan)) this.#addVisits(cardId, visits);
    this.write(counted);
  }

  /** A card's visits added (an append's save writes them with the card's other columns instead). */
  #addVisits(cardId: string, { visits, lastVisitAt }: CardVisits): void {
    this.#visits.run(visits, lastVisitAt, lastVisitAt, cardId);
  }

  #plan(
    merchantId: string,
    added: readonly { readonly event: StampEvent }[],
    page: number,
  ): CountedActivity {
    const events = added.map((row) => row.event);
    const needs = activityNeeds(events);
    const targets = new Map<string, CountedStamp>();
    for (const id of needs.targetIds) {
      const row = this.#target.get(id, merchantId, merchantId, page);
      if (row) targets.set(id, countedStamp(JSON.parse(row.body), row.location));
    }
    const lookups: ActivityLookups = {
      locationOf: new Map(
        needs.deviceIds.map((id) => [id, this.#location.get(id)?.location ?? ""]),
      ),
      targets,
      revoked: new Set(this.#revoked.all(JSON.stringify(needs.revocable)).map((row) => row.id)),
    };
    return { merchantId, plan: planActivity(events, lookups), page };
  }

  /**
   * Writes what `plan` planned but the cards' visits: the hour and day counts, the revoked stamps,
   * enrolments, and the visits of the cards that lost one, counted again from the log.
   */
  write(counted: CountedActivity | null): void {
    if (!counted) return;
    const { merchantId, plan, page } = counted;
    for (const hour of plan.hours) this.#hour.run({ merchantId, ...hour });
    for (const day of dayDeltas(plan.hours)) this.#day.run({ merchantId, ...day });
    for (const id of plan.revoked) this.#revoke.run(id, merchantId);
    for (const { cardId, enrolled } of plan.cards)
      if (enrolled) this.#enrolled.run(enrolled.at, enrolled.locationId, cardId);
    for (const cardId of plan.recount) {
      const times = this.#standing
        .all(cardId, merchantId, merchantId, page)
        .map((row) => hlcMillis(row.hlc));
      const { visits, lastVisitAt } = visitsOf(times);
      this.#recount.run(visits, lastVisitAt, cardId);
    }
  }

  /**
   * What saves wrote of cards' vouchers (after the events naming them are stored): written during
   * a rebuild too (a reward row is its voucher row's, whoever writes it last). The locations of
   * the `added` events (an append's batch) are taken from them: a batch's new vouchers were issued
   * by its own stamps (issue 13: a statement per voucher).
   */
  rewards(
    merchantId: string,
    writes: readonly CardVoucherWrites[],
    added: readonly { readonly event: StampEvent }[],
  ): void {
    const places = new Map<string, string>();
    const locationOf = (deviceId: string) => {
      let place = places.get(deviceId);
      if (place === undefined) {
        place = this.#location.get(deviceId)?.location ?? "";
        places.set(deviceId, place);
      }
      return place;
    };
    // A voucher's events are its card's: only the events of cards with a voucher written can be
    // among its refs (the rest are read from the log). Keying every event of the batch (two keys,
    // one a new string, each) cost more than the ~50 vouchers a 500-stamp batch writes.
    const voucherCards = new Set<string>();
    for (const write of writes) if (write.vouchers.put.length > 0) voucherCards.add(write.cardId);
    const known =
      voucherCards.size > 0
        ? batchLocations(
            added.filter((row) => voucherCards.has(row.event.cardId)).map((row) => row.event),
            locationOf,
          )
        : new Map<string, string>();
    this.#rewards.save(merchantId, writes, known);
  }
}
