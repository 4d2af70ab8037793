import { and, desc, eq, gt, isNull, lte } from "drizzle-orm";
import { IDEMPOTENCY_TTL_MS } from "../idempotency";
import { receiptOf } from "../rows";
import type { AppendOutcome, PosStore, ReceiptClaim } from "../store";
import {
  MAX_ACTIVE_API_KEYS_PER_MERCHANT,
  MAX_REVOKED_API_KEYS_PER_MERCHANT,
} from "../stored-bounds";
import type { PgEventLog } from "./event-log";
import type { PgContext } from "./pg-context";
import * as t from "./schema";

/** Thrown to undo a receipt claim whose stamp was refused. */
class RejectedClaim {
  constructor(readonly outcome: AppendOutcome) {}
}

/** API keys, receipts and kept idempotent answers on PostgreSQL. */
export function pgPos(context: PgContext, log: PgEventLog): PosStore {
  const { db, transaction, answer, lockMerchant, holdRow } = context;
  return {
    async createApiKey(key) {
      return transaction(async (tx) => {
        // The merchant's row, held: keys made at once are counted one after the other.
        await holdRow(tx, "merchants", key.merchantId);
        const [active] = await tx.query<{ n: number }>(
          "api-keys-active",
          "SELECT count(*)::int AS n FROM api_keys WHERE merchant_id = $1 AND revoked_at IS NULL",
          [key.merchantId],
        );
        if ((active?.n ?? 0) >= MAX_ACTIVE_API_KEYS_PER_MERCHANT) return false;
        await tx.db.insert(t.apiKeys).values(key);
        return true;
      });
    },

    async listApiKeys(merchantId) {
      return db
        .select()
        .from(t.apiKeys)
        .where(eq(t.apiKeys.merchantId, merchantId))
        .orderBy(desc(t.apiKeys.createdAt));
    },

    async findApiKey(hash) {
      const [row] = await db.select().from(t.apiKeys).where(eq(t.apiKeys.hash, hash));
      return row ?? null;
    },

    async revokeApiKey(merchantId, keyId, now) {
      return transaction(async (tx) => {
        await holdRow(tx, "merchants", merchantId);
        const revoked = await tx.db
          .update(t.apiKeys)
          .set({ revokedAt: now })
          .where(
            and(
              eq(t.apiKeys.id, keyId),
              eq(t.apiKeys.merchantId, merchantId),
              isNull(t.apiKeys.revokedAt),
            ),
          )
          .returning({ id: t.apiKeys.id });
        await tx.query(
          "api-keys-forget-revoked",
          `DELETE FROM api_keys WHERE merchant_id = $1 AND revoked_at IS NOT NULL AND id NOT IN (
             SELECT id FROM api_keys WHERE merchant_id = $1 AND revoked_at IS NOT NULL
             ORDER BY revoked_at DESC, id DESC LIMIT $2)`,
          [merchantId, MAX_REVOKED_API_KEYS_PER_MERCHANT],
        );
        return revoked.length === 1;
      });
    },

    async createReceipt(receipt, respond, idempotency) {
      return answer(receipt.merchantId, receipt.createdAt, idempotency, async (tx) => {
        await tx.db.insert(t.receipts).values({ ...receipt, eventId: null });
        return { response: respond(receipt), commit: true };
      });
    },

    async findReceipt(tokenHash) {
      const [row] = await db.select().from(t.receipts).where(eq(t.receipts.tokenHash, tokenHash));
      return row ? receiptOf(row) : null;
    },

    async claimReceipt(receiptId, append) {
      const event = append.events[0];
      try {
        return await transaction(async (tx): Promise<ReceiptClaim> => {
          // The merchant's row first, as every write of its log takes it: no deadlock with one.
          await lockMerchant(tx, append.merchantId);
          const claimed = await tx.db
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
            .returning({ id: t.receipts.id });
          if (claimed.length === 0) {
            const [row] = await tx.db.select().from(t.receipts).where(eq(t.receipts.id, receiptId));
            return { ok: false, reason: row?.claimedAt == null ? "expired" : "used" };
          }
          const [outcome] = (await log.append(tx, append)) as [AppendOutcome];
          if (outcome.status !== "accepted") throw new RejectedClaim(outcome);
          return { ok: true, outcome };
        });
      } catch (error) {
        // The stamp was refused (a blocked card, a limit): the receipt stays unclaimed.
        if (error instanceof RejectedClaim) return { ok: true, outcome: error.outcome };
        throw error;
      }
    },

    async purgeIdempotencyKeys(now) {
      await db
        .delete(t.idempotencyKeys)
        .where(lte(t.idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS));
    },
  };
}
