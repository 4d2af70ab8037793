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
import { CardNumberTaken } from "../card-numbers";
import { cardOf, cardRowOf } from "../rows";
import type { AppendOutcome, CardStore, MerchantStats } from "../store";
import type { PgEventLog } from "./event-log";
import type { PgContext } from "./pg-context";
import * as t from "./schema";

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

    async listConflictCards(merchantId, limit) {
      const rows = await db
        .select(CARD_COLUMNS)
        .from(t.cards)
        .where(and(eq(t.cards.merchantId, merchantId), gt(t.cards.conflicts, 0)))
        .orderBy(desc(t.cards.updatedAt))
        .limit(limit);
      return rows.map(cardOf);
    },

    async listRecentCards(merchantId, limit) {
      const rows = await db
        .select(CARD_COLUMNS)
        .from(t.cards)
        .where(eq(t.cards.merchantId, merchantId))
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

    async merchantStats(merchantId, sinceMs): Promise<MerchantStats> {
      const recent = and(eq(t.events.merchantId, merchantId), gte(t.events.receivedAt, sinceMs));
      return {
        cards: await one(
          db.select({ n: count() }).from(t.cards).where(eq(t.cards.merchantId, merchantId)),
        ),
        eventsSince: await one(db.select({ n: count() }).from(t.events).where(recent)),
        stampsSince: await one(
          db
            .select({
              n: sql<number>`sum((${t.events.body}::jsonb ->> 'count')::int)`.mapWith(Number),
            })
            .from(t.events)
            .where(
              and(
                recent,
                eq(t.events.type, "stamps.added"),
                // An undone stamp is no stamp: the dashboard counts what still stands.
                sql`not exists (select 1 from ${t.events} as undo where undo.merchant_id = ${t.events.merchantId} and undo.type = 'stamps.revoked' and (undo.body::jsonb ->> 'targetId') = ${t.events.id})`,
              ),
            ),
        ),
        cardsWithConflicts: await one(
          db
            .select({ n: count() })
            .from(t.cards)
            .where(and(eq(t.cards.merchantId, merchantId), gt(t.cards.conflicts, 0))),
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
