import { and, asc, eq, gt, like, or, sql } from "drizzle-orm";
import { customerErasedMessage } from "../../webhooks/webhook-messages";
import { cardWithin } from "../card-within";
import {
  type CustomerStore,
  containsPattern,
  numberPattern,
  phoneTailPattern,
} from "../customer-store";
import { claimLink, keepNewestLinks, RESTORE_LINKS, sqliteParam } from "../one-time-links";
import { cardOf } from "../rows";
import * as t from "../schema";
import { CARD_COLUMNS } from "./cards";
import type { SqliteContext } from "./sqlite-context";
import { WebhookOutbox } from "./webhook-outbox";

/** Customer search and erasure on SQLite. */
export function sqliteCustomers({ db, client, write }: SqliteContext): CustomerStore {
  const webhooks = new WebhookOutbox(client);
  return {
    async searchCustomers(merchantId, query, after, limit, locations = null) {
      const pattern = containsPattern(query);
      const matches = or(
        sql`lower(json_extract(${t.cards.profile}, '$.name')) LIKE ${pattern} ESCAPE '\\'`,
        sql`lower(json_extract(${t.cards.profile}, '$.email')) LIKE ${pattern} ESCAPE '\\'`,
        sql`lower(json_extract(${t.cards.profile}, '$.phone')) LIKE ${pattern} ESCAPE '\\'`,
        eq(t.cards.id, query.toLowerCase()),
        eq(t.cards.code, query),
        eq(t.cards.number, numberPattern(query)),
      );
      return db
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
        .limit(limit)
        .all()
        .map(cardOf);
    },

    async erasePersonalData(merchantId, cardId, now) {
      return write(() => {
        const erased = db
          .update(t.cards)
          .set({ profile: null })
          .where(and(eq(t.cards.id, cardId), eq(t.cards.merchantId, merchantId)))
          .run();
        if (erased.changes === 0) return false;
        db.delete(t.idempotencyKeys)
          .where(
            and(
              eq(t.idempotencyKeys.merchantId, merchantId),
              like(t.idempotencyKeys.response, containsPattern(cardId)),
            ),
          )
          .run();
        // The merchant's other tools hear of it with the erasure.
        webhooks.send(merchantId, () => [customerErasedMessage(merchantId, cardId, now)], now);
        return true;
      });
    },

    async findCardsByPhone(merchantId, digits, limit) {
      // What phones are written with besides digits (cards/enroll-card.ts), taken out one by one.
      let phone = sql`json_extract(${t.cards.profile}, '$.phone')`;
      for (const mark of [" ", "-", "(", ")", "+", ".", "/"])
        phone = sql`replace(${phone}, ${mark}, '')`;
      return db
        .select(CARD_COLUMNS)
        .from(t.cards)
        .where(
          and(eq(t.cards.merchantId, merchantId), sql`${phone} LIKE ${phoneTailPattern(digits)}`),
        )
        .orderBy(asc(t.cards.id))
        .limit(limit)
        .all()
        .map(cardOf);
    },

    async findCardsByEmail(merchantId, programId, email) {
      const scope = and(eq(t.cards.merchantId, merchantId), eq(t.cards.programId, programId));
      const match = sql`lower(json_extract(${t.cards.profile}, '$.email')) = ${email.trim().toLowerCase()}`;
      return db
        .select({ id: t.cards.id })
        .from(t.cards)
        .where(and(scope, match))
        .all()
        .map((row) => row.id);
    },

    async createRestoreLink(link) {
      write(() => {
        db.insert(t.restoreLinks)
          .values({ ...link, usedAt: null })
          .run();
        const [text, values] = keepNewestLinks(RESTORE_LINKS, sqliteParam, link.cardId);
        client.prepare(text).run(...values);
      });
    },

    async claimRestoreLink(tokenHash, now) {
      const [text, values] = claimLink(RESTORE_LINKS, sqliteParam, tokenHash, now);
      const claimed = client.prepare(text).get(...values) as { owner: string } | undefined;
      return claimed?.owner ?? null;
    },
  };
}
