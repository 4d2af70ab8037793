import type { StampEvent } from "@stamp/core";
import { hlcMillis } from "@stamp/core";
import type Database from "better-sqlite3";
import {
  type ActivityLookups,
  activityNeeds,
  type CountedStamp,
  countedStamp,
  dayDeltas,
  planActivity,
  visitsOf,
} from "../../insight/activity-plan";
import type { CardVoucherWrites } from "../../insight/reward-rows";
import { InsightRewards } from "./insight-rewards";

/**
 * The stored events `e` the rollup has counted (parameters: the merchant, a rebuild's page end or
 * 0): every one, unless the merchant's rollup is being rebuilt; then those up to the rebuild's
 * position (or its page) and those after the position appends count from
 * (storage/rollup-rebuild-store.ts).
 */
const COUNTED = `NOT EXISTS (SELECT 1 FROM insight_pending p WHERE p.merchant_id = ?
  AND e.seq > max(p.through_seq, ?) AND e.seq <= p.appends_count_after)`;

/**
 * Keeps the dashboard's rollup (insight_hours and insight_days, insight_cards, insight_revoked,
 * insight_rewards) in step with the log, inside the append's transaction: what `planActivity`
 * decides for the events a batch added, and the reward rows of the voucher rows a save wrote.
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
  readonly #card: Database.Statement;
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
    this.#revoked = db.prepare("SELECT event_id AS id FROM insight_revoked WHERE event_id = ?");
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
    this.#card = db.prepare(
      `INSERT INTO insight_cards (card_id, merchant_id, location_id, enrolled_at, visits, last_visit_at)
       VALUES (@cardId, @merchantId, @locationId, @enrolledAt, @visits, @lastVisitAt)
       ON CONFLICT (card_id) DO UPDATE SET
         visits = visits + excluded.visits,
         last_visit_at = CASE WHEN last_visit_at IS NULL OR excluded.last_visit_at > last_visit_at
           THEN coalesce(excluded.last_visit_at, last_visit_at) ELSE last_visit_at END,
         enrolled_at = coalesce(excluded.enrolled_at, enrolled_at),
         location_id = CASE WHEN excluded.enrolled_at IS NULL THEN location_id
           ELSE excluded.location_id END`,
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
      "UPDATE insight_cards SET visits = ?, last_visit_at = ? WHERE card_id = ?",
    );
  }

  /**
   * Counts the events a batch added, unless the merchant's rollup is being rebuilt and the
   * rebuild has not fixed where appends count from: then it counts them when it reads the log
   * that far (storage/rollup-rebuild-store.ts).
   */
  record(merchantId: string, added: readonly { readonly event: StampEvent }[]): void {
    if (added.length === 0) return;
    const rebuilding = this.#rebuilding.get(merchantId);
    if (rebuilding && rebuilding.after === null) return;
    this.count(merchantId, added, 0);
  }

  /**
   * Counts events (in log order). `page`: a rebuild's page ends there (its events are stored up
   * to it), 0 for an append's batch; the stored events it finds counted are COUNTED's.
   */
  count(merchantId: string, added: readonly { readonly event: StampEvent }[], page: number): void {
    if (added.length === 0) return;
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
      revoked: new Set(needs.revocable.filter((id) => this.#revoked.get(id) !== undefined)),
    };
    const plan = planActivity(events, lookups);
    for (const hour of plan.hours) this.#hour.run({ merchantId, ...hour });
    for (const day of dayDeltas(plan.hours)) this.#day.run({ merchantId, ...day });
    for (const id of plan.revoked) this.#revoke.run(id, merchantId);
    for (const card of plan.cards)
      this.#card.run({
        cardId: card.cardId,
        merchantId,
        locationId: card.enrolled?.locationId ?? "",
        enrolledAt: card.enrolled?.at ?? null,
        visits: card.visits,
        lastVisitAt: card.lastVisitAt,
      });
    for (const cardId of plan.recount) {
      const times = this.#standing
        .all(cardId, merchantId, merchantId, page)
        .map((row) => hlcMillis(row.hlc));
      const { visits, lastVisitAt } = visitsOf(times);
      this.#recount.run(visits, lastVisitAt, cardId);
    }
  }

  /**
   * What a save wrote of a card's vouchers (after the events naming them are stored): written
   * during a rebuild too (a reward row is its voucher row's, whoever writes it last).
   */
  rewards(merchantId: string, writes: readonly CardVoucherWrites[]): void {
    this.#rewards.save(merchantId, writes);
  }
}
