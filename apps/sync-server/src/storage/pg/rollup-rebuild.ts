import type { StampEvent } from "@stamp/core";
import { rollupClears } from "../../insight/rollup-clears";
import {
  REBUILD_CARDS_PAGE,
  REBUILD_EVENTS_PAGE,
  type RollupStage,
  rebuildPercent,
} from "../../insight/rollup-rebuild-steps";
import type { RollupRebuildStore, RollupStep } from "../rollup-rebuild-store";
import { cardVouchers } from "./insight-rewards";
import { PgInsightRollup } from "./insight-rollup";
import type { PgContext, PgTx } from "./pg-context";

interface Pending {
  readonly stage: RollupStage;
  readonly through: number;
  /** Where appends count from; null until the first step fixes it. */
  readonly after: number | null;
  readonly cardsAfter: string;
}

/**
 * See RollupRebuildStore. Each step holds the merchant's pending row, so no other instance claims
 * it meanwhile (SKIP LOCKED). A step that counts the log holds it `FOR UPDATE`: the merchant's
 * appends, which hold it shared (`FOR KEY SHARE`, PgInsightRollup.plan) to their commit, run
 * between those steps, never beside one, so an append reads the rebuild's position as it is, and
 * the first step, once the appends in flight committed, fixes where appends count from at the
 * log's head. (The rewards stage does not: it holds cards, which appends hold before the row.)
 * The merchant's positions are handed out in commit order (its log row), so each page read is a
 * prefix of the log.
 */
export function pgRollupRebuild(context: PgContext): RollupRebuildStore {
  const rollup = new PgInsightRollup();

  /** Counts a page of the log after `through`, up to `until`: the new position. */
  const countPage = async (
    tx: PgTx,
    merchantId: string,
    through: number,
    until: number,
    size: number,
  ): Promise<number> => {
    const rows = await tx.query<{ seq: number; body: string }>(
      "insight-rebuild-page",
      `SELECT seq, body FROM events WHERE merchant_id = $1 AND seq > $2 AND seq <= $3
       ORDER BY seq LIMIT $4`,
      [merchantId, through, until, size],
    );
    const last = rows.length < size ? until : Number(rows.at(-1)?.seq);
    const added = rows.map((row) => ({ event: JSON.parse(row.body) as StampEvent }));
    const planned = await rollup.plan(tx, merchantId, added, [], { throughSeq: last });
    await rollup.write(tx, planned);
    await rollup.writeVisits(tx, planned);
    return last;
  };

  /** The position the log is counted up to, fixed (with a cleared rollup) by the first step. */
  const until = async (tx: PgTx, merchantId: string, at: Pending): Promise<number> => {
    if (at.after !== null) return at.after;
    if (at.through === 0)
      for (const [i, clear] of rollupClears("$1").entries())
        await tx.query(`insight-clear-${i}`, clear, [merchantId]);
    const [fixed] = await tx.query<{ after: number }>(
      "insight-rebuild-count-from",
      `UPDATE insight_pending SET appends_count_after =
         (SELECT coalesce(max(seq), 0) FROM events WHERE merchant_id = $1)
       WHERE merchant_id = $1 RETURNING appends_count_after::float8 AS after`,
      [merchantId],
    );
    return fixed?.after ?? 0;
  };

  /**
   * The cards a step writes (their `insight_*` columns), held in id order before the step holds
   * appends off: an append holds its cards and then the pending row shared, so a step that held
   * the row first and then waited for a card would wait on an append that waits on it. A step that
   * fixes the end (and clears the rollup) may write any card of the merchant; a later one, those
   * of its page of the log.
   */
  const holdCards = (tx: PgTx, merchantId: string, at: Pending, size: number) =>
    at.after === null
      ? tx.query(
          "insight-rebuild-hold-cards",
          "SELECT id FROM cards WHERE merchant_id = $1 ORDER BY id FOR NO KEY UPDATE",
          [merchantId],
        )
      : tx.query(
          "insight-rebuild-hold-page-cards",
          `SELECT id FROM cards WHERE id IN (SELECT card_id FROM events
             WHERE merchant_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4)
           ORDER BY id FOR NO KEY UPDATE`,
          [merchantId, at.through, at.after, size],
        );

  const end = (tx: PgTx, merchantId: string) =>
    tx.query("insight-rebuild-end", "DELETE FROM insight_pending WHERE merchant_id = $1", [
      merchantId,
    ]);

  const step = async (
    tx: PgTx,
    merchantId: string,
    at: Pending,
    eventsPage: number,
  ): Promise<Pending | null> => {
    switch (at.stage) {
      case "events":
      case "tail": {
        const after = await until(tx, merchantId, at);
        const through = await countPage(tx, merchantId, at.through, after, eventsPage);
        if (through < after) return { ...at, through, after };
        if (at.stage === "events") return { ...at, stage: "rewards", through, after };
        await end(tx, merchantId);
        return null;
      }
      case "rewards": {
        const { last, writes } = await cardVouchers(
          tx,
          merchantId,
          at.cardsAfter,
          REBUILD_CARDS_PAGE,
        );
        if (last !== null) {
          await rollup.write(tx, await rollup.plan(tx, merchantId, [], writes));
          return { ...at, cardsAfter: last };
        }
        // Begun by an older server, whose appends left their counts to the rebuild meanwhile.
        if (at.after === null) return { ...at, stage: "tail" };
        await end(tx, merchantId);
        return null;
      }
    }
  };

  return {
    async claimRollupRebuild(instance, now, leaseMs) {
      const [row] = await context.query<{ id: string }>(
        "insight-rebuild-claim",
        `UPDATE insight_pending SET claimed_by = $1, lease_until = $2
         WHERE merchant_id = (SELECT merchant_id FROM insight_pending
           WHERE claimed_by IS NULL OR claimed_by = $1 OR lease_until <= $3
           ORDER BY merchant_id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED)
         RETURNING merchant_id AS id`,
        [instance, now + leaseMs, now],
      );
      return row?.id ?? null;
    },
    async pendingRollupRebuilds() {
      const [row] = await context.query<{ n: number }>(
        "insight-rebuild-pending",
        "SELECT count(*)::int AS n FROM insight_pending",
        [],
      );
      return row?.n ?? 0;
    },
    stepRollupRebuild(merchantId, instance, now, leaseMs, eventsPage = REBUILD_EVENTS_PAGE) {
      return context.transaction(async (tx): Promise<RollupStep> => {
        const [at] = await tx.query<Pending>(
          "insight-rebuild-hold",
          `SELECT stage, through_seq::float8 AS through, appends_count_after::float8 AS after,
             cards_after AS "cardsAfter"
           FROM insight_pending WHERE merchant_id = $1 AND claimed_by = $2 FOR NO KEY UPDATE`,
          [merchantId, instance],
        );
        if (!at) return { kind: "lost" };
        if (at.stage !== "rewards") await holdCards(tx, merchantId, at, eventsPage);
        // Waits for the appends holding the row shared, and holds new ones off until the commit.
        if (at.stage !== "rewards")
          await tx.query(
            "insight-rebuild-hold-appends",
            "SELECT 1 FROM insight_pending WHERE merchant_id = $1 FOR UPDATE",
            [merchantId],
          );
        const next = await step(tx, merchantId, at, eventsPage);
        if (next === null) return { kind: "done" };
        const [counts] = await tx.query<{ done: number; total: number }>(
          "insight-rebuild-progress",
          `SELECT (SELECT count(*)::int FROM cards WHERE merchant_id = $1 AND id <= $2) AS done,
             (SELECT count(*)::int FROM cards WHERE merchant_id = $1) AS total`,
          [merchantId, next.cardsAfter],
        );
        const percent = rebuildPercent(
          next.stage,
          { through: next.through, head: next.after ?? 0 },
          { done: counts?.done ?? 0, total: counts?.total ?? 0 },
        );
        await tx.query(
          "insight-rebuild-advance",
          `UPDATE insight_pending SET stage = $2, through_seq = $3, cards_after = $4, percent = $5,
             lease_until = $6 WHERE merchant_id = $1`,
          [merchantId, next.stage, next.through, next.cardsAfter, percent, now + leaseMs],
        );
        return { kind: "counted", percent };
      });
    },
    async releaseRollupRebuild(merchantId, instance) {
      await context.query(
        "insight-rebuild-release",
        `UPDATE insight_pending SET claimed_by = NULL, lease_until = 0
         WHERE merchant_id = $1 AND claimed_by = $2`,
        [merchantId, instance],
      );
    },
    async rollupRebuildPercent(merchantId) {
      const [row] = await context.query<{ percent: number }>(
        "insight-rebuild-percent",
        "SELECT percent FROM insight_pending WHERE merchant_id = $1",
        [merchantId],
      );
      return row?.percent ?? null;
    },
  };
}
