import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  isNull,
  type SQL,
  sql,
} from "drizzle-orm";
import { HOUR_MS } from "../../insight/activity-plan";
import { atLocations } from "../at-locations";
import { CardNumberTaken } from "../card-numbers";
import { cardWithin } from "../card-within";
import { cardOf, cardRowOf } from "../rows";
import * as t from "../schema";
import type { AppendOutcome, CardStore, MerchantStats } from "../store";
import { vouchersJsonOf } from "./card-vouchers";
import type { SqliteContext } from "./sqlite-context";

/**
 * Cards with conflicts, worded as the partial index `cards_conflicted` is (a literal, not a
 * parameter): only then does the planner use it.
 */
const conflicted = sql`${t.cards.conflicts} > 0`;

export const CARD_COLUMNS = {
  ...getTableColumns(t.cards),
  vouchers: sql<string>`${sql.raw(vouchersJsonOf('"cards"."id"'))}`,
};

/** Cards and the event log on SQLite. */
export function sqliteCards({ db, write, log, answer }: SqliteContext): CardStore {
  const one = (query: { get(): { n: number | null } | undefined }) => query.get()?.n ?? 0;
  /** The merchant's one card that matches `which` (its id or its number). */
  const merchantCard = (merchantId: string, which: SQL) => {
    const row = db
      .select(CARD_COLUMNS)
      .from(t.cards)
      .where(and(which, eq(t.cards.merchantId, merchantId)))
      .get();
    return row ? cardOf(row) : null;
  };

  return {
    async createCard(card, enrolled, respond, idempotency) {
      return answer(enrolled.merchantId, enrolled.now, idempotency, () => {
        const holder = db
          .select({ id: t.cards.id })
          .from(t.cards)
          .where(and(eq(t.cards.merchantId, card.merchantId), eq(t.cards.number, card.number)))
          .get();
        if (holder) throw new CardNumberTaken(card.number);
        db.insert(t.cards).values(cardRowOf(card)).run();
        const outcome = log.append(enrolled)[0] as AppendOutcome;
        return { response: respond(outcome), commit: outcome.status === "accepted" };
      });
    },

    async getCard(merchantId, cardId) {
      return merchantCard(merchantId, eq(t.cards.id, cardId));
    },

    getCardWithin(merchantId, cardId, locations) {
      const which = and(eq(t.cards.id, cardId), cardWithin(t.cards.id, locations)) as SQL;
      return Promise.resolve(merchantCard(merchantId, which));
    },

    async findCardByNumber(merchantId, number) {
      return merchantCard(merchantId, eq(t.cards.number, number));
    },

    async findVoucherCode(merchantId, code, limit) {
      return db
        .select({ cardId: t.cardVouchers.cardId, cycle: t.cardVouchers.cycle })
        .from(t.cardVouchers)
        .innerJoin(t.cards, eq(t.cards.id, t.cardVouchers.cardId))
        .where(and(eq(t.cardVouchers.code, code), eq(t.cards.merchantId, merchantId)))
        .orderBy(asc(t.cardVouchers.cardId), asc(t.cardVouchers.cycle))
        .limit(limit)
        .all();
    },

    async cardHistory(merchantId, cardId) {
      return log.history(merchantId, cardId);
    },

    async cardEventPage(merchantId, cardId, after, limit) {
      // `+merchant_id`: by the card's index, as the card's history is read (event-log.ts).
      return db.$client
        .prepare<[string, string, number, number], { seq: number; body: string }>(
          `SELECT seq, body FROM events WHERE card_id = ? AND +merchant_id = ? AND seq > ?
           ORDER BY seq LIMIT ?`,
        )
        .all(cardId, merchantId, after, limit);
    },

    async listConflictCards(merchantId, limit, locations = null) {
      return db
        .select(CARD_COLUMNS)
        .from(t.cards)
        .where(
          and(eq(t.cards.merchantId, merchantId), conflicted, cardWithin(t.cards.id, locations)),
        )
        .orderBy(desc(t.cards.updatedAt))
        .limit(limit)
        .all()
        .map(cardOf);
    },

    async listRecentCards(merchantId, limit, locations = null) {
      return db
        .select(CARD_COLUMNS)
        .from(t.cards)
        .where(and(eq(t.cards.merchantId, merchantId), cardWithin(t.cards.id, locations)))
        .orderBy(desc(t.cards.updatedAt))
        .limit(limit)
        .all()
        .map(cardOf);
    },

    async listCards(merchantId, afterCardId, limit) {
      const mine = eq(t.cards.merchantId, merchantId);
      return db
        .select(CARD_COLUMNS)
        .from(t.cards)
        .where(afterCardId === null ? mine : and(mine, gt(t.cards.id, afterCardId)))
        .orderBy(asc(t.cards.id))
        .limit(limit)
        .all()
        .map(cardOf);
    },

    async merchantStats(merchantId, sinceMs, locations = null): Promise<MerchantStats> {
      // Read from the dashboard's rollup, by the hour the events were made: no scan of the log.
      const recent = db
        .select({
          events: sql<number>`coalesce(sum(${t.insightHours.events}), 0)`.mapWith(Number),
          stamps: sql<number>`coalesce(sum(${t.insightHours.stamps}), 0)`.mapWith(Number),
        })
        .from(t.insightHours)
        .where(
          and(
            eq(t.insightHours.merchantId, merchantId),
            gte(t.insightHours.hour, Math.floor(sinceMs / HOUR_MS) * HOUR_MS),
            atLocations(t.insightHours.locationId, locations),
          ),
        )
        .get();
      return {
        cards: one(
          db
            .select({ n: count() })
            .from(t.cards)
            .where(and(eq(t.cards.merchantId, merchantId), cardWithin(t.cards.id, locations))),
        ),
        eventsSince: recent?.events ?? 0,
        stampsSince: recent?.stamps ?? 0,
        cardsWithConflicts: one(
          db
            .select({ n: count() })
            .from(t.cards)
            .where(
              and(
                eq(t.cards.merchantId, merchantId),
                conflicted,
                cardWithin(t.cards.id, locations),
              ),
            ),
        ),
        activeDevices: one(
          db
            .select({ n: count() })
            .from(t.devices)
            .where(
              and(
                eq(t.devices.merchantId, merchantId),
                eq(t.devices.kind, "client"),
                isNull(t.devices.revokedAt),
                atLocations(t.devices.locationId, locations),
              ),
            ),
        ),
      };
    },

    async appendEvents(batch) {
      return write(() => log.append(batch));
    },

    async appendServerEvent(append, respond, idempotency) {
      return answer(append.merchantId, append.now, idempotency, () => {
        const outcome = log.append(append)[0] as AppendOutcome;
        return { response: respond(outcome), commit: true };
      });
    },

    async eventsAfter(merchantId, deviceId, scope, cursor, limit) {
      return log.pull(merchantId, deviceId, scope, cursor, limit);
    },

    async maxSeq(merchantId) {
      return log.maxSeq(merchantId);
    },

    async latestHlc() {
      return log.latestHlc();
    },
  };
}
