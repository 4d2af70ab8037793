import type { FraudFlag } from "@stamp/core";
import { and, asc, count, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { fraudFlaggedMessage } from "../../webhooks/webhook-messages";
import {
  chunks,
  fraudFlagOf,
  fraudFlagRow,
  storedFraudSettings,
  TALLY_KEYS_AT_ONCE,
  tallyRow,
} from "../fraud-rows";
import type { FraudStore } from "../fraud-store";
import { fraudFlagsWhere, fraudReviewUpdate, sameSettings } from "../fraud-where";
import type { PgContext } from "./pg-context";
import * as t from "./schema";
import { sendWebhookMessages } from "./webhook-outbox";

/** Staff-fraud flags and settings on PostgreSQL. */
export function pgFraud({ db, transaction }: PgContext): FraudStore {
  return {
    async fraudSettings(merchantId) {
      const [row] = await db
        .select()
        .from(t.fraudSettings)
        .where(eq(t.fraudSettings.merchantId, merchantId));
      return storedFraudSettings(row);
    },

    async setFraudSettings(merchantId, settings, now) {
      const saved = { settings: JSON.stringify(settings), updatedAt: now };
      // Counts and the mark were made under the old settings: the next scan starts over.
      const reset = { ...saved, scannedSeq: null, scannedAt: null };
      await transaction(async (tx) => {
        await tx.db
          .insert(t.fraudSettings)
          .values({ merchantId, ...saved })
          .onConflictDoUpdate({ target: t.fraudSettings.merchantId, set: reset });
        await tx.db.delete(t.fraudTallies).where(eq(t.fraudTallies.merchantId, merchantId));
      });
    },

    async fraudTallies(merchantId, keys) {
      const found: FraudFlag[] = [];
      for (const some of chunks(keys, TALLY_KEYS_AT_ONCE)) {
        const rows = await db
          .select({ tally: t.fraudTallies.tally })
          .from(t.fraudTallies)
          .where(and(eq(t.fraudTallies.merchantId, merchantId), inArray(t.fraudTallies.key, some)));
        for (const row of rows) found.push(JSON.parse(row.tally) as FraudFlag);
      }
      return found;
    },

    async saveFraudScan(merchantId, end) {
      const mark = { scannedSeq: end.mark.seq, scannedAt: end.mark.at };
      return transaction(async (tx) => {
        const kept = await tx.db
          .insert(t.fraudSettings)
          .values({ merchantId, settings: "{}", updatedAt: 0, ...mark })
          .onConflictDoUpdate({
            target: t.fraudSettings.merchantId,
            set: mark,
            setWhere: sameSettings(t.fraudSettings.updatedAt, end.changedAt),
          })
          .returning({ merchantId: t.fraudSettings.merchantId });
        if (kept.length === 0) return false;
        for (const some of chunks(end.tallies, TALLY_KEYS_AT_ONCE))
          await tx.db
            .insert(t.fraudTallies)
            .values(some.map((tally) => tallyRow(merchantId, tally)))
            .onConflictDoUpdate({
              target: [t.fraudTallies.merchantId, t.fraudTallies.key],
              set: { tally: sql`excluded.tally`, windowEnd: sql`excluded.window_end` },
            });
        await tx.db
          .delete(t.fraudTallies)
          .where(
            and(
              eq(t.fraudTallies.merchantId, merchantId),
              lt(t.fraudTallies.windowEnd, end.forgetBefore),
            ),
          );
        return true;
      });
    },

    async raiseFraudFlags(merchantId, flags, now) {
      if (flags.length === 0) return [];
      return transaction(async (tx) => {
        const rows = await tx.db
          .insert(t.fraudFlags)
          .values(flags.map((flag) => fraudFlagRow(merchantId, flag, now)))
          .onConflictDoNothing()
          .returning();
        const raised = rows.map(fraudFlagOf).sort((a, b) => (a.key < b.key ? -1 : 1));
        if (raised.length > 0)
          await sendWebhookMessages(
            tx,
            merchantId,
            async () => raised.map((f) => fraudFlaggedMessage(f, now)),
            now,
          );
        return raised;
      });
    },

    async listFraudFlags(merchantId, filter, before, limit) {
      const rows = await db
        .select()
        .from(t.fraudFlags)
        .where(fraudFlagsWhere(t.fraudFlags, merchantId, filter.status, filter.locations, before))
        .orderBy(desc(t.fraudFlags.raisedAt), desc(t.fraudFlags.id))
        .limit(limit);
      return rows.map(fraudFlagOf);
    },

    async countOpenFraudFlags(merchantId, locations) {
      const [row] = await db
        .select({ n: count() })
        .from(t.fraudFlags)
        .where(fraudFlagsWhere(t.fraudFlags, merchantId, "open", locations));
      return row?.n ?? 0;
    },

    async getFraudFlag(merchantId, id) {
      const [row] = await db
        .select()
        .from(t.fraudFlags)
        .where(and(eq(t.fraudFlags.merchantId, merchantId), eq(t.fraudFlags.id, id)));
      return row ? fraudFlagOf(row) : null;
    },

    async reviewFraudFlag(merchantId, id, review) {
      const { set, where } = fraudReviewUpdate(t.fraudFlags, merchantId, id, review);
      const done = await db
        .update(t.fraudFlags)
        .set(set)
        .where(where)
        .returning({ id: t.fraudFlags.id });
      return done.length > 0;
    },

    async unalertedFraudFlags(merchantId, limit) {
      const rows = await db
        .select()
        .from(t.fraudFlags)
        .where(and(eq(t.fraudFlags.merchantId, merchantId), isNull(t.fraudFlags.alertedAt)))
        .orderBy(asc(t.fraudFlags.raisedAt), asc(t.fraudFlags.id))
        .limit(limit);
      return rows.map(fraudFlagOf);
    },

    async markFraudAlerted(merchantId, ids, at) {
      await transaction(async (tx) => {
        if (ids.length > 0)
          await tx.db
            .update(t.fraudFlags)
            .set({ alertedAt: at })
            .where(
              and(eq(t.fraudFlags.merchantId, merchantId), inArray(t.fraudFlags.id, [...ids])),
            );
        await tx.db
          .insert(t.fraudSettings)
          .values({ merchantId, settings: "{}", lastAlertAt: at, updatedAt: at })
          .onConflictDoUpdate({ target: t.fraudSettings.merchantId, set: { lastAlertAt: at } });
      });
    },
  };
}
