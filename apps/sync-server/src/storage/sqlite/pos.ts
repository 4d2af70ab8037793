import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { IDEMPOTENCY_TTL_MS } from "../idempotency";
import { receiptOf } from "../rows";
import * as t from "../schema";
import type { AppendOutcome, PosStore, ReceiptClaim } from "../store";
import {
  MAX_ACTIVE_API_KEYS_PER_MERCHANT,
  MAX_REVOKED_API_KEYS_PER_MERCHANT,
} from "../stored-bounds";
import type { SqliteContext } from "./sqlite-context";

/** Thrown to undo a receipt claim whose stamp was refused. */
class RejectedClaim {
  constructor(readonly outcome: AppendOutcome) {}
}

/** API keys, receipts and kept idempotent answers on SQLite. */
export function sqlitePos({ db, client, write, log, answer }: SqliteContext): PosStore {
  const activeKeys = client.prepare<[string], { n: number }>(
    "SELECT count(*) AS n FROM api_keys WHERE merchant_id = ? AND revoked_at IS NULL",
  );
  const forgetRevokedKeys = client.prepare<[string, string, number]>(
    `DELETE FROM api_keys WHERE merchant_id = ? AND revoked_at IS NOT NULL AND id NOT IN (
       SELECT id FROM api_keys WHERE merchant_id = ? AND revoked_at IS NOT NULL
       ORDER BY revoked_at DESC, id DESC LIMIT ?)`,
  );
  return {
    async createApiKey(key) {
      return write(() => {
        if ((activeKeys.get(key.merchantId)?.n ?? 0) >= MAX_ACTIVE_API_KEYS_PER_MERCHANT)
          return false;
        db.insert(t.apiKeys).values(key).run();
        return true;
      });
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
      return write(() => {
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
        forgetRevokedKeys.run(merchantId, merchantId, MAX_REVOKED_API_KEYS_PER_MERCHANT);
        return result.changes === 1;
      });
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
