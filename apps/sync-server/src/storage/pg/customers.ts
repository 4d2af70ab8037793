import { and, asc, eq, gt, isNull, like, or, sql } from "drizzle-orm";
import { cardWithin } from "../card-within";
import { type CustomerStore, containsPattern, numberPattern } from "../customer-store";
import { cardOf } from "../rows";
import { MAX_RESTORE_LINKS_PER_CARD } from "../stored-bounds";
import { CARD_COLUMNS } from "./cards";
import type { PgContext } from "./pg-context";
import * as t from "./schema";

/** Customer search and erasure on PostgreSQL. */
export function pgCustomers({ db, transaction }: PgContext): CustomerStore {
  return {
    async searchCustomers(merchantId, query, after, limit, locations = null) {
      const pattern = containsPattern(query);
      const matches = or(
        sql`lower(${t.cards.profile}::jsonb->>'name') LIKE ${pattern} ESCAPE '\\'`,
        sql`lower(${t.cards.profile}::jsonb->>'email') LIKE ${pattern} ESCAPE '\\'`,
        sql`lower(${t.cards.profile}::jsonb->>'phone') LIKE ${pattern} ESCAPE '\\'`,
        eq(t.cards.id, query.toLowerCase()),
        eq(t.cards.code, query),
        eq(t.cards.number, numberPattern(query)),
      );
      const rows = await db
        .select(CARD_COLUMNS)
        .from(t.cards)
        .where(
          and(
            eq(t.cards.merchantId, merchantId),
            matches,
            after ? gt(t.cards.id, after) : undefined,
            cardWithin(t.cards.id, locations),
          ),
        )
        .orderBy(asc(t.cards.id))
        .limit(limit);
      return rows.map(cardOf);
    },

    async erasePersonalData(merchantId, cardId) {
      return transaction(async ({ db: tx }) => {
        const erased = await tx
          .update(t.cards)
          .set({ profile: null })
          .where(and(eq(t.cards.id, cardId), eq(t.cards.merchantId, merchantId)))
          .returning({ id: t.cards.id });
        if (erased.length === 0) return false;
        await tx
          .delete(t.idempotencyKeys)
          .where(
            and(
              eq(t.idempotencyKeys.merchantId, merchantId),
              like(t.idempotencyKeys.response, containsPattern(cardId)),
            ),
          );
        return true;
      });
    },

    async findCardsByEmail(merchantId, programId, email) {
      const scope = and(eq(t.cards.merchantId, merchantId), eq(t.cards.programId, programId));
      const match = sql`lower((${t.cards.profile}::jsonb->>'email')) = ${email.trim().toLowerCase()}`;
      const rows = await db.select({ id: t.cards.id }).from(t.cards).where(and(scope, match));
      return rows.map((row) => row.id);
    },

    async createRestoreLink(link) {
      await transaction(async (tx) => {
        await tx.db.insert(t.restoreLinks).values({ ...link, usedAt: null });
        await tx.query(
          "restore-links-bound",
          `DELETE FROM restore_links WHERE card_id = $1 AND token_hash NOT IN (
             SELECT token_hash FROM restore_links WHERE card_id = $1
             ORDER BY created_at DESC, token_hash DESC LIMIT $2)`,
          [link.cardId, MAX_RESTORE_LINKS_PER_CARD],
        );
      });
    },

    async claimRestoreLink(tokenHash, now) {
      const [claimed] = await db
        .update(t.restoreLinks)
        .set({ usedAt: now })
        .where(
          and(
            eq(t.restoreLinks.tokenHash, tokenHash),
            isNull(t.restoreLinks.usedAt),
            gt(t.restoreLinks.expiresAt, now),
          ),
        )
        .returning({ cardId: t.restoreLinks.cardId });
      return claimed?.cardId ?? null;
    },
  };
}
