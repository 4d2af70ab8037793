import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { IDEMPOTENCY_TTL_MS } from "../idempotency";
import { receiptOf } from "../rows";
import * as t from "../schema";
import type { AppendOutcome, PosStore, ReceiptClaim } from "../store";
import type { SqliteContext } from "./sqlite-context";

/** Thrown to undo a receipt claim whose stamp was refused. */
class RejectedClaim {
  constructor(readonly outcome: AppendOutcome) {}
}

/** API keys, receipts and kept idempotent answers on SQLite. */
export function sqlitePos({ db, write, log, answer }: SqliteContext): PosStore {
  return {
    async createApiKey(key) {
      db.insert(t.apiKeys).values(key).run();
    },

    async listApiKeys(merchantId) {
      return db
        .select()
        .from(t.apiKeys)
        .where(eq(t.apiKeys.merchantId, merchantId))
        .orderBy(desc(t.apiKeys.createdAt))
        .all();
    },

    async findApiKey(hash) {
      return db.select().from(t.apiKeys).where(eq(t.apiKeys.hash, hash)).get() ?? null;
    },

    async revokeApiKey(merchantId, keyId, now) {
      const result = db
        .update(t.apiKeys)
        .set({ revokedAt: now })
        .where(
          and(
            eq(t.apiKeys.id, keyId),
            eq(t.apiKeys.merchantId, merchantId),
            isNull(t.apiKeys.revokedAt),
          ),
        )
        .run();
      return result.changes === 1;
    },

    async createReceipt(receipt, respond, idempotency) {
      return answer(receipt.merchantId, receipt.createdAt, idempotency, () => {
        db.insert(t.receipts)
          .values({ ...receipt, eventId: null })
          .run();
        return { response: respond(receipt), commit: true };
      });
    },

    async findReceipt(tokenHash) {
      const row = db.select().from(t.receipts).where(eq(t.receipts.tokenHash, tokenHash)).get();
      return row ? receiptOf(row) : null;
    },

    async claimReceipt(receiptId, append) {
      const event = append.events[0];
      const claim = (): ReceiptClaim => {
        const claimed = db
          .update(t.receipts)
          .set({ claimedAt: append.now, cardId: event.cardId, eventId: event.id })
          .where(
            and(
              eq(t.receipts.id, receiptId),
              eq(t.receipts.merchantId, append.merchantId),
              isNull(t.receipts.claimedAt),
              gt(t.receipts.expiresAt, append.now),
            ),
          )
          .run();
        if (claimed.changes === 0) {
          const row = db.select().from(t.receipts).where(eq(t.receipts.id, receiptId)).get();
          return { ok: false, reason: row?.claimedAt == null ? "expired" : "used" };
        }
        const outcome = log.append(append)[0] as AppendOutcome;
        if (outcome.status !== "accepted") throw new RejectedClaim(outcome);
        return { ok: true, outcome };
      };
      try {
        return write(claim);
      } catch (error) {
        // The stamp was refused (a blocked card, a limit): the receipt stays unclaimed.
        if (error instanceof RejectedClaim) return { ok: true, outcome: error.outcome };
        throw error;
      }
    },

    /** Forgets kept answers older than a day (run at start; expired ones are ignored meanwhile). */
    async purgeIdempotencyKeys(now) {
      db.delete(t.idempotencyKeys)
        .where(sql`${t.idempotencyKeys.createdAt} <= ${now - IDEMPOTENCY_TTL_MS}`)
        .run();
    },
  };
}
