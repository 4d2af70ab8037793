import type { Program } from "@stamp/core";
import { and, asc, eq, getTableColumns, isNotNull, isNull, sql } from "drizzle-orm";
import type { LocationReminder } from "../../wallet/location-reminder";
import type { PassVersion } from "../../wallet/pass-update-tag";
import { CAMPAIGN_PUSHED, NEWEST_MESSAGE, passMessageOf } from "../campaign-rows";
import { decodeCardState } from "../card-state-json";
import { googleObjectUpdate, PASS_FETCHED, PASS_REGISTERED } from "../pass-reach-rows";
import { PUSH_TARGETS, type PushTargetRow, pushTargetsOf } from "../push-targets";
import { MAX_REGISTRATIONS_PER_PASS } from "../stored-bounds";
import type { PushJob, PushJobRecord, Registration, WalletStore } from "../wallet-store";
import { withinCards } from "./card-span";
import type { PgEventLog } from "./event-log";
import { BUSINESS_DETAILS } from "./merchants";
import type { PgContext, PgTx } from "./pg-context";
import * as t from "./schema";

const job = ({ cardId, merchantId, generation, attempts }: PushJob): PushJob => ({
  cardId,
  merchantId,
  generation,
  attempts,
});

/** The PostgreSQL WalletStore. */
export function pgWalletStore(context: PgContext, log: PgEventLog): WalletStore {
  const { db, transaction } = context;
  const program = async (where: ReturnType<typeof eq>) => {
    const [row] = await db
      .select({
        body: t.programs.body,
        slug: t.programs.slug,
        merchantName: t.merchants.name,
        business: BUSINESS_DETAILS,
      })
      .from(t.programs)
      .innerJoin(t.merchants, eq(t.merchants.id, t.programs.merchantId))
      .where(where);
    return row
      ? {
          program: JSON.parse(row.body) as Program,
          slug: row.slug,
          merchantName: row.merchantName,
          business: row.business,
        }
      : null;
  };
  /** The card changed while its job was out: the newer version goes out at once, with fresh attempts. */
  const restart = async (cardId: string) => {
    await db
      .update(t.walletPushJobs)
      .set({ attempts: 0, lockedUntil: 0, lastError: null })
      .where(eq(t.walletPushJobs.cardId, cardId));
  };
  const restartIn = async (tx: PgTx, cardId: string) => {
    await tx.query(
      "push-restart",
      "UPDATE wallet_push_jobs SET attempts = 0, locked_until = 0, last_error = NULL WHERE card_id = $1",
      [cardId],
    );
  };
  return {
    async findCard(cardId) {
      const [row] = await db
        .select({
          id: t.cards.id,
          merchantId: t.cards.merchantId,
          merchantName: t.merchants.name,
          business: BUSINESS_DETAILS,
          code: t.cards.code,
          number: t.cards.number,
          state: t.cards.state,
          program: t.programs.body,
          updatedAt: t.cards.updatedAt,
          vouchers: sql<unknown[]>`coalesce((SELECT json_agg(v.body::json ORDER BY v.cycle)
            FROM card_vouchers v WHERE v.card_id = ${t.cards.id}), '[]'::json)`,
        })
        .from(t.cards)
        .innerJoin(t.merchants, eq(t.merchants.id, t.cards.merchantId))
        .innerJoin(t.programs, eq(t.programs.id, t.cards.programId))
        .where(eq(t.cards.id, cardId));
      if (!row) return null;
      const { vouchers, program: body, number, ...card } = row;
      const program = JSON.parse(body) as Program;
      return {
        ...card,
        number: number ?? "",
        state: decodeCardState(row.state, vouchers as never, {
          cardId: row.id,
          programId: program.id,
          merchantId: row.merchantId,
        }),
        program,
      };
    },

    findProgramBySlug: (slug) => program(eq(t.programs.slug, slug)),
    findProgram: (programId) => program(eq(t.programs.id, programId)),

    async getPass(cardId) {
      const [found] = await db
        .select({
          pass: t.walletPasses,
          updatedAt: t.cards.passUpdatedAt,
          updateSeq: t.cards.passSeq,
        })
        .from(t.walletPasses)
        .innerJoin(t.cards, eq(t.cards.id, t.walletPasses.cardId))
        .where(eq(t.walletPasses.cardId, cardId));
      if (!found) return null;
      const { pass: row, updatedAt, updateSeq } = found;
      const [message] = await context.query<{ id: string; message: string; queued_at: string }>(
        "pass-newest-message",
        NEWEST_MESSAGE("$1"),
        [cardId],
      );
      return {
        ...row,
        updatedAt: updatedAt as number,
        updateSeq: updateSeq as number,
        googleObject: row.googleObject === 1,
        googleUsers: row.googleUsers === null ? null : row.googleUsers === 1,
        message: passMessageOf(message),
      };
    },

    async placedLocations(merchantId) {
      const rows = await db
        .select({
          id: t.locations.id,
          name: t.locations.name,
          latitude: t.locations.latitude,
          longitude: t.locations.longitude,
          relevantText: t.locations.relevantText,
        })
        .from(t.locations)
        .where(
          and(
            eq(t.locations.merchantId, merchantId),
            isNotNull(t.locations.latitude),
            isNotNull(t.locations.longitude),
          ),
        )
        .orderBy(asc(t.locations.createdAt));
      return rows.map((row) => ({
        ...row,
        latitude: row.latitude as number,
        longitude: row.longitude as number,
      }));
    },

    async setLocationReminder(
      merchantId,
      locationId,
      { coordinates, relevantText }: LocationReminder,
      now,
    ) {
      return transaction(async (tx) => {
        const updated = await tx.db
          .update(t.locations)
          .set({
            latitude: coordinates?.latitude ?? null,
            longitude: coordinates?.longitude ?? null,
            relevantText,
          })
          .where(
            and(
              eq(t.locations.id, locationId),
              eq(t.locations.merchantId, merchantId),
              isNull(t.locations.removedAt),
            ),
          )
          .returning({ id: t.locations.id });
        if (updated.length !== 1) return false;
        await log.passesChanged(tx, merchantId, null, null, now);
        return true;
      });
    },

    async reissuePasses(merchantId, now) {
      await transaction((tx) => log.passesChanged(tx, merchantId, null, null, now));
    },

    async markGoogleObject(cardId) {
      await db
        .update(t.walletPasses)
        .set({ googleObject: 1, googleUsers: null, googleLostAt: null })
        .where(eq(t.walletPasses.cardId, cardId));
    },

    async noteGoogleObject(cardId, seen, at) {
      const { sql, timed } = googleObjectUpdate(seen, "$1", "$2");
      const values = timed ? [cardId, at] : [cardId];
      const rows = await context.query(`google-object-${seen}`, `${sql} RETURNING card_id`, values);
      return rows.length === 1;
    },

    async markGoogleNotice(cardId, noticeId) {
      await db
        .update(t.walletPasses)
        .set({ googleNotice: noticeId })
        .where(eq(t.walletPasses.cardId, cardId));
    },

    async register(registration) {
      return transaction(async (tx) => {
        // The pass's row, held: devices registering at once are counted one after the other.
        await context.holdRow(tx, "wallet_passes", registration.cardId);
        const [row] = await tx.db
          .insert(t.walletRegistrations)
          .values(registration)
          .onConflictDoUpdate({
            target: [
              t.walletRegistrations.deviceLibraryId,
              t.walletRegistrations.passTypeId,
              t.walletRegistrations.cardId,
            ],
            set: { pushToken: registration.pushToken },
          })
          // xmax is 0 for a row this statement inserted, the updater's id for one it updated.
          .returning({ inserted: sql<boolean>`xmax = 0` });
        await tx.query("pass-registered", PASS_REGISTERED("$1", "$2"), [
          registration.cardId,
          registration.createdAt,
        ]);
        if (!row?.inserted) return "existing";
        await tx.query(
          "registrations-bound",
          `DELETE FROM wallet_registrations r WHERE r.card_id = $1 AND NOT EXISTS (
             SELECT 1 FROM (SELECT device_library_id, pass_type_id FROM wallet_registrations
               WHERE card_id = $1 ORDER BY created_at DESC, device_library_id DESC LIMIT $2) k
             WHERE k.device_library_id = r.device_library_id AND k.pass_type_id = r.pass_type_id)`,
          [registration.cardId, MAX_REGISTRATIONS_PER_PASS],
        );
        return "created";
      });
    },

    async unregister(deviceLibraryId, passTypeId, cardId) {
      const deleted = await db
        .delete(t.walletRegistrations)
        .where(
          and(
            eq(t.walletRegistrations.deviceLibraryId, deviceLibraryId),
            eq(t.walletRegistrations.passTypeId, passTypeId),
            eq(t.walletRegistrations.cardId, cardId),
          ),
        )
        .returning({ cardId: t.walletRegistrations.cardId });
      return deleted.length === 1;
    },

    async markUpdatesLost(cardId, at) {
      const rows = await context.query<{ card_id: string }>(
        "pass-updates-lost",
        `UPDATE wallet_passes SET updates_lost_at = $2
         WHERE card_id = $1 AND updates_lost_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM wallet_registrations WHERE card_id = $1)
         RETURNING card_id`,
        [cardId, at],
      );
      return rows.length === 1;
    },

    async markPassFetched(cardId, updateSeq, at) {
      await context.query("pass-fetched", PASS_FETCHED("$1", "$2", "$3"), [cardId, updateSeq, at]);
    },

    async registeredPasses(deviceLibraryId, passTypeId): Promise<PassVersion[]> {
      return db
        .select({
          cardId: t.cards.id,
          merchantId: t.cards.merchantId,
          updateSeq: sql<number>`${t.cards.passSeq}`.mapWith(Number),
        })
        .from(t.walletRegistrations)
        .innerJoin(t.cards, eq(t.cards.id, t.walletRegistrations.cardId))
        .where(
          and(
            eq(t.walletRegistrations.deviceLibraryId, deviceLibraryId),
            eq(t.walletRegistrations.passTypeId, passTypeId),
            isNotNull(t.cards.passSeq),
          ),
        )
        .orderBy(asc(t.cards.passSeq));
    },

    async registrationsOf(cardId): Promise<Registration[]> {
      return db
        .select()
        .from(t.walletRegistrations)
        .where(eq(t.walletRegistrations.cardId, cardId))
        .orderBy(asc(t.walletRegistrations.createdAt));
    },

    async claimPushJobs(now, leaseMs, limit) {
      // SKIP LOCKED: instances claiming at once each take other due jobs instead of queueing.
      const rows = await context.query<PushJob>(
        "push-claim",
        // An array, not IN (…): the planner hash-joined the claimed ids with a scan of every job.
        `UPDATE wallet_push_jobs SET locked_until = $1, attempts = attempts + 1
         WHERE card_id = ANY(ARRAY(
           SELECT card_id FROM wallet_push_jobs
           WHERE status = 'pending' AND due_at <= $2 AND locked_until < $2
           ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED))
         RETURNING card_id AS "cardId", merchant_id AS "merchantId", generation, attempts`,
        [now + leaseMs, now, limit],
      );
      return rows.map(job);
    },

    async completePushJob(done) {
      const deleted = await db
        .delete(t.walletPushJobs)
        .where(
          and(
            eq(t.walletPushJobs.cardId, done.cardId),
            eq(t.walletPushJobs.generation, done.generation),
          ),
        )
        .returning({ cardId: t.walletPushJobs.cardId });
      if (deleted.length === 0) await restart(done.cardId);
    },

    async retryPushJob(retried, dueAt, error) {
      await db
        .update(t.walletPushJobs)
        .set({ dueAt, lockedUntil: 0, lastError: error })
        .where(eq(t.walletPushJobs.cardId, retried.cardId));
    },

    async failPushJob(failed, error) {
      const updated = await db
        .update(t.walletPushJobs)
        .set({ status: "failed", lockedUntil: 0, lastError: error })
        .where(
          and(
            eq(t.walletPushJobs.cardId, failed.cardId),
            eq(t.walletPushJobs.generation, failed.generation),
          ),
        )
        .returning({ cardId: t.walletPushJobs.cardId });
      if (updated.length === 0) await restart(failed.cardId);
    },

    async pushTargets(cardIds) {
      return pushTargetsOf(
        await context.query<PushTargetRow>(
          "push-targets",
          PUSH_TARGETS("SELECT unnest($1::text[])", withinCards("p.card_id", "$1::text[]")),
          [cardIds],
        ),
      );
    },

    async finishPushJobs(finished) {
      const done = finished.filter(({ outcome }) => outcome.kind === "done").map(({ job }) => job);
      const pushed = finished.filter(({ reached, failures }) => reached || failures > 0);
      await transaction(async (tx) => {
        const completed = await tx.query<{ card_id: string }>(
          "push-finish-done",
          `DELETE FROM wallet_push_jobs WHERE (card_id, generation) IN
             (SELECT * FROM unnest($1::text[], $2::int[]))
             AND ${withinCards("card_id", "$1::text[]")} RETURNING card_id`,
          [done.map((job) => job.cardId), done.map((job) => job.generation)],
        );
        const gone = new Set(completed.map((row) => row.card_id));
        for (const job of done) if (!gone.has(job.cardId)) await restartIn(tx, job.cardId);
        for (const { job: ended, outcome } of finished) {
          switch (outcome.kind) {
            case "done":
              break;
            case "retry":
              await tx.query(
                "push-finish-retry",
                "UPDATE wallet_push_jobs SET due_at = $2, locked_until = 0, last_error = $3 WHERE card_id = $1",
                [ended.cardId, outcome.dueAt, outcome.error],
              );
              break;
            case "failed": {
              const updated = await tx.query(
                "push-finish-failed",
                `UPDATE wallet_push_jobs SET status = 'failed', locked_until = 0, last_error = $3
                 WHERE card_id = $1 AND generation = $2 RETURNING card_id`,
                [ended.cardId, ended.generation, outcome.error],
              );
              if (updated.length === 0) await restartIn(tx, ended.cardId);
              break;
            }
            default: {
              const unreachable: never = outcome;
              throw new Error(`unknown push outcome ${JSON.stringify(unreachable)}`);
            }
          }
        }
        if (pushed.length > 0)
          await tx.query(
            "push-finish-campaigns",
            CAMPAIGN_PUSHED(
              `SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::bigint[])
                 AS o(card_id, pushed_at, failures, at)`,
              withinCards("campaign_recipients.card_id", "$1::text[]"),
            ),
            [
              pushed.map(({ job }) => job.cardId),
              pushed.map(({ reached, at }) => (reached ? at : null)),
              pushed.map(({ failures }) => failures),
              pushed.map(({ at }) => at),
            ],
          );
      });
    },

    async countPushJobs() {
      const [row] = await context.query<{ pending: number; failed: number }>(
        "push-count",
        `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
           count(*) FILTER (WHERE status = 'failed')::int AS failed FROM wallet_push_jobs`,
        [],
      );
      return { pending: row?.pending ?? 0, failed: row?.failed ?? 0 };
    },

    async pushJob(cardId): Promise<PushJobRecord | null> {
      const [row] = await db
        .select(getTableColumns(t.walletPushJobs))
        .from(t.walletPushJobs)
        .where(eq(t.walletPushJobs.cardId, cardId));
      return row
        ? { ...job(row), status: row.status, dueAt: row.dueAt, lastError: row.lastError }
        : null;
    },
  };
}
