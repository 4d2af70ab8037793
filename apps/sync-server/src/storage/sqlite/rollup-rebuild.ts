import type { StampEvent } from "@stamp/core";
import {
  REBUILD_CARDS_PAGE,
  REBUILD_EVENTS_PAGE,
  type RollupStage,
  rebuildPercent,
} from "../../insight/rollup-rebuild-steps";
import { ROLLUP_TABLES } from "../../insight/rollup-tables";
import type { RollupRebuildStore, RollupStep } from "../rollup-rebuild-store";
import { InsightRewards } from "./insight-rewards";
import { InsightRollup } from "./insight-rollup";
import type { SqliteContext } from "./sqlite-context";

interface Pending {
  readonly stage: RollupStage;
  readonly through: number;
  readonly cardsAfter: string;
}

/**
 * See RollupRebuildStore. One process writes a SQLite database, so each step's transaction runs
 * between appends, never beside one: an append of a merchant still pending leaves its counts to
 * the rebuild (InsightRollup.record), and the last step counts them.
 */
export function sqliteRollupRebuild({ client: db }: SqliteContext): RollupRebuildStore {
  const rollup = new InsightRollup(db);
  const rewards = new InsightRewards(db);
  const held = db.prepare<[string, string], Pending>(
    `SELECT stage, through_seq AS through, cards_after AS cardsAfter FROM insight_pending
     WHERE merchant_id = ? AND claimed_by = ?`,
  );
  const page = db.prepare<[string, number, number], { seq: number; body: string }>(
    "SELECT seq, body FROM events WHERE merchant_id = ? AND seq > ? ORDER BY seq LIMIT ?",
  );
  const head = db.prepare<[string], { head: number }>(
    "SELECT head FROM merchant_logs WHERE merchant_id = ?",
  );
  const cardsUpTo = db.prepare<[string, string], { n: number }>(
    "SELECT count(*) AS n FROM cards WHERE merchant_id = ? AND id <= ?",
  );
  const cards = db.prepare<[string], { n: number }>(
    "SELECT count(*) AS n FROM cards WHERE merchant_id = ?",
  );
  const advance = db.prepare(
    `UPDATE insight_pending SET stage = @stage, through_seq = @through, cards_after = @cardsAfter,
       percent = @percent, lease_until = @leaseUntil WHERE merchant_id = @merchantId`,
  );

  /** Counts the log after `through` (a page, or all of it): the new position. */
  const countPages = (merchantId: string, through: number, pages: number): number => {
    let after = through;
    for (let i = 0; i < pages; i++) {
      const rows = page.all(merchantId, after, REBUILD_EVENTS_PAGE);
      if (rows.length === 0) break;
      after = (rows.at(-1) as { seq: number }).seq;
      rollup.count(
        merchantId,
        rows.map((row) => ({ event: JSON.parse(row.body) as StampEvent })),
        after,
      );
    }
    return after;
  };

  const step = (merchantId: string, at: Pending): Pending | null => {
    switch (at.stage) {
      case "events": {
        if (at.through === 0)
          for (const table of ROLLUP_TABLES)
            db.prepare(`DELETE FROM ${table} WHERE merchant_id = ?`).run(merchantId);
        const through = countPages(merchantId, at.through, 1);
        const more = page.all(merchantId, through, 1).length > 0;
        return { ...at, stage: more ? "events" : "rewards", through };
      }
      case "rewards": {
        const last = rewards.rebuildCards(merchantId, at.cardsAfter, REBUILD_CARDS_PAGE);
        return last === null ? { ...at, stage: "tail" } : { ...at, cardsAfter: last };
      }
      case "tail":
        countPages(merchantId, at.through, Number.POSITIVE_INFINITY);
        db.prepare("DELETE FROM insight_pending WHERE merchant_id = ?").run(merchantId);
        return null;
    }
  };

  return {
    async claimRollupRebuild(instance, now, leaseMs) {
      const row = db
        .prepare<[string, number, string, number], { id: string }>(
          `UPDATE insight_pending SET claimed_by = ?, lease_until = ?
           WHERE merchant_id = (SELECT merchant_id FROM insight_pending
             WHERE claimed_by IS NULL OR claimed_by = ? OR lease_until <= ?
             ORDER BY merchant_id LIMIT 1)
           RETURNING merchant_id AS id`,
        )
        .get(instance, now + leaseMs, instance, now);
      return row?.id ?? null;
    },
    async pendingRollupRebuilds() {
      return (db.prepare("SELECT count(*) AS n FROM insight_pending").get() as { n: number }).n;
    },
    async stepRollupRebuild(merchantId, instance, now, leaseMs): Promise<RollupStep> {
      return db
        .transaction((): RollupStep => {
          const at = held.get(merchantId, instance);
          if (!at) return { kind: "lost" };
          const next = step(merchantId, at);
          if (next === null) return { kind: "done" };
          const percent = rebuildPercent(
            next.stage,
            { through: next.through, head: head.get(merchantId)?.head ?? 0 },
            {
              done: cardsUpTo.get(merchantId, next.cardsAfter)?.n ?? 0,
              total: cards.get(merchantId)?.n ?? 0,
            },
          );
          advance.run({ ...next, merchantId, percent, leaseUntil: now + leaseMs });
          return { kind: "counted", percent };
        })
        .immediate();
    },
    async releaseRollupRebuild(merchantId, instance) {
      db.prepare(
        `UPDATE insight_pending SET claimed_by = NULL, lease_until = 0
         WHERE merchant_id = ? AND claimed_by = ?`,
      ).run(merchantId, instance);
    },
    async rollupRebuildPercent(merchantId) {
      const row = db
        .prepare<[string], { percent: number }>(
          "SELECT percent FROM insight_pending WHERE merchant_id = ?",
        )
        .get(merchantId);
      return row?.percent ?? null;
    },
  };
}
