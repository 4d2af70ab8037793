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
import type { AppendOutcome, CardStore, MerchantStats } from "../store";
import type { PgEventLog } from "./event-log";
import type { PgContext } from "./pg-context";
import * as t from "./schema";

/**
 * Cards with conflicts, worded as the partial index `cards_conflicted` is (a literal, not a
 * parameter): only then does the planner use it.
 */
const conflicted = sql`${t.cards.conflicts} > 0`;

/** A card's vouchers as one JSON array in cycle order (parsed by the driver). */
export const CARD_COLUMNS = {
  ...getTableColumns(t.cards),
  vouchers: sql<unknown>`coalesce((SELECT json_agg(v.body::json ORDER BY v.cycle)
    FROM card_vouchers v WHERE v.card_id = ${t.cards.id}), '[]'::json)`,
};

/** Cards and the event log on PostgreSQL. */
export function pgCards(context: PgContext, log: PgEventLog): CardStore {
  const { db, transaction, answer } = context;
  const one = async (query: Promise<{ n: number | null }[]>) => (await query)[0]?.n ?? 0;
  /** The merchant's one card that matches `which` (its id or its number). */
  const merchantCard = async (merchantId: string, which: SQL) => {
    const [row] = await db
      .select(CARD_COLUMNS)
      .from(t.cards)
      .where(and(which, eq(t.cards.merchantId, merchantId)));
    return row ? cardOf(row) : null;
  };

  return {
    async createCard(card, enrolled, respond, idempotency) {
      return answer(enrolled.merchantId, enrolled.now, idempotency, async (tx) => {
        // The merchant's row is locked (answer): no other card of it can take the number meanwhile.
        const [holder] = await tx.db
          .select({ id: t.cards.id })
          .from(t.cards)
          .where(and(eq(t.cards.merchantId, card.merchantId), eq(t.cards.number, card.number)));
        if (holder) throw new CardNumberTaken(card.number);
        await tx.db.insert(t.cards).values(cardRowOf(card));
        const [outcome] = (await log.append(tx, enrolled)) as [AppendOutcome];
        return { response: respond(outcome), commit: outcome.status === "accepted" };
      });
    },

    getCard(merchantId, cardId) {
      return merchantCard(merchantId, eq(t.cards.id, cardId));
    },

    getCardWithin(merchantId, cardId, locations) {
      const which = and(eq(t.cards.id, cardId), cardWithin(t.cards.id, locations)) as SQL;
      return Promise.resolve(merchantCard(merchantId, which));
    },

    findCardByNumber(merchantId, number) {
      return merchantCard(merchantId, eq(t.cards.number, number));
    },

    async findVoucherCode(merchantId, code, limit) {
      return db
        .select({ cardId: t.cardVouchers.cardId, cycle: t.cardVouchers.cycle })
        .from(t.cardVouchers)
        .innerJoin(t.cards, eq(t.cards.id, t.cardVouchers.cardId))
        .where(and(eq(t.cardVouchers.code, code), eq(t.cards.merchantId, merchantId)))
        .orderBy(asc(t.cardVouchers.cardId), asc(t.cardVouchers.cycle))
        .limit(limit);
    },

    async cardHistory(merchantId, cardId) {
      return log.history(merchantId, cardId);
    },

    async cardEventPage(merchantId, cardId, after, limit) {
      return context.query<{ seq: number; body: string }>(
        "card-event-page",
        `SELECT seq, body FROM events WHERE card_id = $1 AND merchant_id = $2 AND seq > $3
         ORDER BY seq LIMIT $4`,
        [cardId, merchantId, after, limit],
      );
    },

    async listConflictCards(merchantId, limit, locations = null) {
      const rows = await db
        .select(CARD_COLUMNS)
        .from(t.cards)
        .where(
          and(eq(t.cards.merchantId, merchantId), conflicted, cardWithin(t.cards.id, locations)),
        )
        .orderBy(desc(t.cards.updatedAt))
        .limit(limit);
      return rows.map(cardOf);
    },

    async listRecentCards(merchantId, limit, locations = null) {
      const rows = await db
        .select(CARD_COLUMNS)
        .from(t.cards)
        .where(and(eq(t.cards.merchantId, merchantId), cardWithin(t.cards.id, locations)))
        .orderBy(desc(t.cards.updatedAt))
        .limit(limit);
      return rows.map(cardOf);
    },

    async listCards(merchantId, afterCardId, limit) {
      const mine = eq(t.cards.merchantId, merchantId);
      const rows = await db
        .select(CARD_COLUMNS)
        .from(t.cards)
        .where(afterCardId === null ? mine : and(mine, gt(t.cards.id, afterCardId)))
        .orderBy(asc(t.cards.id))
        .limit(limit);
      return rows.map(cardOf);
    },

    async merchantStats(merchantId, sinceMs, locations = null): Promise<MerchantStats> {
      // Read from the dashboard's rollup, by the hour the events were made: no scan of the log.
      const [recent] = await db
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
        );
      return {
        cards: await one(
          db
            .select({ n: count() })
            .from(t.cards)
            .where(and(eq(t.cards.merchantId, merchantId), cardWithin(t.cards.id, locations))),
        ),
        eventsSince: recent?.events ?? 0,
        stampsSince: recent?.stamps ?? 0,
        cardsWithConflicts: await one(
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
        activeDevices: await one(
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
      return transaction((tx) => log.append(tx, batch, true));
    },

    async appendServerEvent(append, respond, idempotency) {
      return answer(append.merchantId, append.now, idempotency, async (tx) => {
        const [outcome] = (await log.append(tx, append)) as [AppendOutcome];
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
