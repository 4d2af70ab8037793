import type { FraudFlag } from "@stamp/core";
import { and, asc, count, desc, eq, inArray, isNull, lt } from "drizzle-orm";
import { fraudFlaggedMessage } from "../../webhooks/webhook-messages";
import {
  chunks,
  fraudFlagOf,
  fraudFlagRow,
  storedFraudSettings,
  TALLY_KEYS_AT_ONCE,
  tallyRow,
} from "../fraud-rows";
import type { FraudFlagRecord, FraudStore } from "../fraud-store";
import { fraudFlagsWhere, fraudReviewUpdate, sameSettings } from "../fraud-where";
import * as t from "../schema";
import type { SqliteContext } from "./sqlite-context";
import { WebhookOutbox } from "./webhook-outbox";

/** Staff-fraud flags and settings on SQLite. */
export function sqliteFraud({ db, client, write }: SqliteContext): FraudStore {
  const webhooks = new WebhookOutbox(client);
  return {
    async fraudSettings(merchantId) {
      const row = db
        .select()
        .from(t.fraudSettings)
        .where(eq(t.fraudSettings.merchantId, merchantId))
        .get();
      return storedFraudSettings(row);
    },

    async setFraudSettings(merchantId, settings, now) {
      const saved = { settings: JSON.stringify(settings), updatedAt: now };
      // Counts and the mark were made under the old settings: the next scan starts over.
      const reset = { ...saved, scannedSeq: null, scannedAt: null };
      write(() => {
        db.insert(t.fraudSettings)
          .values({ merchantId, ...saved })
          .onConflictDoUpdate({ target: t.fraudSettings.merchantId, set: reset })
          .run();
        db.delete(t.fraudTallies).where(eq(t.fraudTallies.merchantId, merchantId)).run();
      });
    },

    async fraudTallies(merchantId, keys) {
      return chunks(keys, TALLY_KEYS_AT_ONCE).flatMap((some) =>
        db
          .select({ tally: t.fraudTallies.tally })
          .from(t.fraudTallies)
          .where(and(eq(t.fraudTallies.merchantId, merchantId), inArray(t.fraudTallies.key, some)))
          .all()
          .map((row) => JSON.parse(row.tally) as FraudFlag),
      );
    },

    async saveFraudScan(merchantId, end) {
      const mark = { scannedSeq: end.mark.seq, scannedAt: end.mark.at };
      return write(() => {
        const kept = db
          .insert(t.fraudSettings)
          .values({ merchantId, settings: "{}", updatedAt: 0, ...mark })
          .onConflictDoUpdate({
            target: t.fraudSettings.merchantId,
            set: mark,
            setWhere: sameSettings(t.fraudSettings.updatedAt, end.changedAt),
          })
          .returning({ merchantId: t.fraudSettings.merchantId })
          .get();
        if (!kept) return false;
        for (const tally of end.tallies)
          db.insert(t.fraudTallies)
            .values(tallyRow(merchantId, tally))
            .onConflictDoUpdate({
              target: [t.fraudTallies.merchantId, t.fraudTallies.key],
              set: { tally: JSON.stringify(tally), windowEnd: tally.windowEnd },
            })
            .run();
        db.delete(t.fraudTallies)
          .where(
            and(
              eq(t.fraudTallies.merchantId, merchantId),
              lt(t.fraudTallies.windowEnd, end.forgetBefore),
            ),
          )
          .run();
        return true;
      });
    },

    async raiseFraudFlags(merchantId, flags, now) {
      if (flags.length === 0) return [];
      return write(() => {
        const raised: FraudFlagRecord[] = [];
        for (const flag of flags) {
          const row = db
            .insert(t.fraudFlags)
            .values(fraudFlagRow(merchantId, flag, now))
            .onConflictDoNothing()
            .returning()
            .get();
          if (row) raised.push(fraudFlagOf(row));
        }
        if (raised.length > 0)
          webhooks.send(merchantId, () => raised.map((f) => fraudFlaggedMessage(f, now)), now);
        return raised;
      });
    },

    async listFraudFlags(merchantId, filter, before, limit) {
      return db
        .select()
        .from(t.fraudFlags)
        .where(fraudFlagsWhere(t.fraudFlags, merchantId, filter.status, filter.locations, before))
        .orderBy(desc(t.fraudFlags.raisedAt), desc(t.fraudFlags.id))
        .limit(limit)
        .all()
        .map(fraudFlagOf);
    },

    async countOpenFraudFlags(merchantId, locations) {
      const [row] = db
        .select({ n: count() })
        .from(t.fraudFlags)
        .where(fraudFlagsWhere(t.fraudFlags, merchantId, "open", locations))
        .all();
      return row?.n ?? 0;
    },

    async getFraudFlag(merchantId, id) {
      const row = db
        .select()
        .from(t.fraudFlags)
        .where(and(eq(t.fraudFlags.merchantId, merchantId), eq(t.fraudFlags.id, id)))
        .get();
      return row ? fraudFlagOf(row) : null;
    },

    async reviewFraudFlag(merchantId, id, review) {
      const { set, where } = fraudReviewUpdate(t.fraudFlags, merchantId, id, review);
      const done = db.update(t.fraudFlags).set(set).where(where).run();
      return done.changes > 0;
    },

    async unalertedFraudFlags(merchantId, limit) {
      return db
        .select()
        .from(t.fraudFlags)
        .where(and(eq(t.fraudFlags.merchantId, merchantId), isNull(t.fraudFlags.alertedAt)))
        .orderBy(asc(t.fraudFlags.raisedAt), asc(t.fraudFlags.id))
        .limit(limit)
        .all()
        .map(fraudFlagOf);
    },

    async markFraudAlerted(merchantId, ids, at) {
      write(() => {
        if (ids.length > 0)
          db.update(t.fraudFlags)
            .set({ alertedAt: at })
            .where(and(eq(t.fraudFlags.merchantId, merchantId), inArray(t.fraudFlags.id, [...ids])))
            .run();
        db.insert(t.fraudSettings)
          .values({ merchantId, settings: "{}", lastAlertAt: at, updatedAt: at })
          .onConflictDoUpdate({ target: t.fraudSettings.merchantId, set: { lastAlertAt: at } })
          .run();
      });
    },
  };
}
