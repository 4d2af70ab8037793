import type { StampEvent } from "@stamp/core";
import {
  REBUILD_CARDS_PAGE,
  REBUILD_EVENTS_PAGE,
  type RollupStage,
  rebuildPercent,
} from "../../insight/rollup-rebuild-steps";
import { ROLLUP_TABLES } from "../../insight/rollup-tables";
import type { RollupRebuildStore, RollupStep } from "../rollup-rebuild-store";
import { cardVouchers } from "./insight-rewards";
import { PgInsightRollup } from "./insight-rollup";
import type { PgContext, PgTx } from "./pg-context";

interface Pending {
  readonly stage: RollupStage;
  readonly through: number;
  readonly cardsAfter: string;
}

/**
 * See RollupRebuildStore. Each step holds the merchant's pending row (so no other instance claims
 * it meanwhile, SKIP LOCKED) and checks that this instance still has the claim. Appends hold the
 * row shared (`FOR KEY SHARE`, PgInsightRollup.plan) to their commit when they leave their counts
 * to the rebuild: the last step's DELETE waits for them, then counts the log to its end, and
 * appends after it count their own. The merchant's positions are handed out in commit order
 * (its log row), so each page read is a prefix of the log.
 */
export function pgRollupRebuild(context: PgContext): RollupRebuildStore {
  const rollup = new PgInsightRollup();

  /** Counts the log after `through` (a page, or all of it): the new position. */
  const countPages = async (
    tx: PgTx,
    merchantId: string,
    through: number,
    pages: number,
  ): Promise<number> => {
    let after = through;
    for (let i = 0; i < pages; i++) {
      const rows = await tx.query<{ seq: number; body: string }>(
        "insight-rebuild-page",
        "SELECT seq, body FROM events WHERE merchant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        [merchantId, after, REBUILD_EVENTS_PAGE],
      );
      const last = rows.at(-1);
      if (!last) break;
      after = Number(last.seq);
      const added = rows.map((row) => ({ event: JSON.parse(row.body) as StampEvent }));
      await rollup.write(tx, await rollup.plan(tx, merchantId, added, [], after));
    }
    return after;
  };

  const step = async (tx: PgTx, merchantId: string, at: Pending): Promise<Pending | null> => {
    switch (at.stage) {
      case "events": {
        if (at.through === 0)
          for (const table of ROLLUP_TABLES)
            await tx.query(
              `insight-clear-${table}`,
              `DELETE FROM ${table} WHERE merchant_id = $1`,
              [merchantId],
            );
        const through = await countPages(tx, merchantId, at.through, 1);
        const [more] = await tx.query(
          "insight-rebuild-more",
          "SELECT 1 FROM events WHERE merchant_id = $1 AND seq > $2 LIMIT 1",
          [merchantId, through],
        );
        return { ...at, stage: more ? "events" : "rewards", through };
      }
      case "rewards": {
        const { last, writes } = await cardVouchers(
          tx,
          merchantId,
          at.cardsAfter,
          REBUILD_CARDS_PAGE,
        );
        if (last === null) return { ...at, stage: "tail" };
        await rollup.write(tx, await rollup.plan(tx, merchantId, [], writes));
        return { ...at, cardsAfter: last };
      }
      case "tail":
        // Waits for the appends that left their counts to the rebuild (they hold the row shared).
        await tx.query(
          "insight-rebuild-end",
          "DELETE FROM insight_pending WHERE merchant_id = $1",
          [merchantId],
        );
        await countPages(tx, merchantId, at.through, Number.POSITIVE_INFINITY);
        return null;
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
    stepRollupRebuild(merchantId, instance, now, leaseMs) {
      return context.transaction(async (tx): Promise<RollupStep> => {
        const [at] = await tx.query<Pending>(
          "insight-rebuild-hold",
          `SELECT stage, through_seq::float8 AS through, cards_after AS "cardsAfter"
           FROM insight_pending WHERE merchant_id = $1 AND claimed_by = $2 FOR NO KEY UPDATE`,
          [merchantId, instance],
        );
        if (!at) return { kind: "lost" };
        const next = await step(tx, merchantId, at);
        if (next === null) return { kind: "done" };
        const [counts] = await tx.query<{ head: number; done: number; total: number }>(
          "insight-rebuild-progress",
          `SELECT (SELECT head::float8 FROM merchant_logs WHERE merchant_id = $1) AS head,
             (SELECT count(*)::int FROM cards WHERE merchant_id = $1 AND id <= $2) AS done,
             (SELECT count(*)::int FROM cards WHERE merchant_id = $1) AS total`,
          [merchantId, next.cardsAfter],
        );
        const percent = rebuildPercent(
          next.stage,
          { through: next.through, head: counts?.head ?? 0 },
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
