import { and, asc, eq, gt, like, or, sql } from "drizzle-orm";
import { customerErasedMessage } from "../../webhooks/webhook-messages";
import { cardWithin } from "../card-within";
import {
  type CustomerStore,
  containsPattern,
  numberPattern,
  phoneTailPattern,
} from "../customer-store";
import { claimLink, keepNewestLinks, pgParam, RESTORE_LINKS } from "../one-time-links";
import { cardOf } from "../rows";
import { CARD_COLUMNS } from "./cards";
import type { PgContext } from "./pg-context";
import * as t from "./schema";
import { sendWebhookMessages } from "./webhook-outbox";

/** Customer search and erasure on PostgreSQL. */
export function pgCustomers({ db, query, transaction }: PgContext): CustomerStore {
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

    async erasePersonalData(merchantId, cardId, now) {
      return transaction(async (pgTx) => {
        const tx = pgTx.db;
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
        // See the SQLite twin: told with the erasure.
        await sendWebhookMessages(
          pgTx,
          merchantId,
          async () => [customerErasedMessage(merchantId, cardId, now)],
          now,
        );
        return true;
      });
    },

    async findCardsByPhone(merchantId, digits, limit) {
      const phone = sql`regexp_replace(${t.cards.profile}::jsonb->>'phone', '[^0-9]', '', 'g')`;
      const rows = await db
        .select(CARD_COLUMNS)
        .from(t.cards)
        .where(
          and(eq(t.cards.merchantId, merchantId), sql`${phone} LIKE ${phoneTailPattern(digits)}`),
        )
        .orderBy(asc(t.cards.id))
        .limit(limit);
      return rows.map(cardOf);
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
          ...keepNewestLinks(RESTORE_LINKS, pgParam, link.cardId),
        );
      });
    },

    async claimRestoreLink(tokenHash, now) {
      const [claimed] = await query<{ owner: string }>(
        "restore-link-claim",
        ...claimLink(RESTORE_LINKS, pgParam, tokenHash, now),
      );
      return claimed?.owner ?? null;
    },
  };
}
