import type { StampEvent } from "@stamp/core";
import { rollupClears } from "../../insight/rollup-clears";
import {
  REBUILD_CARDS_PAGE,
  REBUILD_EVENTS_PAGE,
  type RollupStage,
  rebuildPercent,
} from "../../insight/rollup-rebuild-steps";
import type { RollupRebuildStore, RollupStep } from "../rollup-rebuild-store";
import { InsightRewards } from "./insight-rewards";
import { InsightRollup } from "./insight-rollup";
import type { SqliteContext } from "./sqlite-context";

interface Pending {
  readonly stage: RollupStage;
  readonly through: number;
  /** Where appends count from; null until the first step fixes it. */
  readonly after: number | null;
  readonly cardsAfter: string;
}

/**
 * See RollupRebuildStore. One process writes a SQLite database, so each step's transaction runs
 * between appends, never beside one: until the first step fixes where appends count from, an
 * append of a merchant still pending leaves its counts to the rebuild (InsightRollup.plan).
 */
export function sqliteRollupRebuild({ client: db }: SqliteContext): RollupRebuildStore {
  const rollup = new InsightRollup(db);
  const rewards = new InsightRewards(db);
  const held = db.prepare<[string, string], Pending>(
    `SELECT stage, through_seq AS through, appends_count_after AS after, cards_after AS cardsAfter
     FROM insight_pending WHERE merchant_id = ? AND claimed_by = ?`,
  );
  const page = db.prepare<[string, number, number, number], { seq: number; body: string }>(
    `SELECT seq, body FROM events WHERE merchant_id = ? AND seq > ? AND seq <= ?
     ORDER BY seq LIMIT ?`,
  );
  const head = db.prepare<[string], { head: number }>(
    "SELECT coalesce(max(seq), 0) AS head FROM events WHERE merchant_id = ?",
  );
  const countFrom = db.prepare<[number, string]>(
    "UPDATE insight_pending SET appends_count_after = ? WHERE merchant_id = ?",
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
  const end = db.prepare("DELETE FROM insight_pending WHERE merchant_id = ?");

  /** Counts a page of the log after `through`, up to `until`: the new position. */
  const countPage = (merchantId: string, through: number, until: number, size: number): number => {
    const rows = page.all(merchantId, through, until, size);
    const last = rows.length < size ? until : (rows.at(-1) as { seq: number }).seq;
    rollup.count(
      merchantId,
      rows.map((row) => ({ event: JSON.parse(row.body) as StampEvent })),
      last,
    );
    return last;
  };

  /** The position the log is counted up to, fixed (with a cleared rollup) by the first step. */
  const until = (merchantId: string, at: Pending): number => {
    if (at.after !== null) return at.after;
    if (at.through === 0) for (const clear of rollupClears("?")) db.prepare(clear).run(merchantId);
    const after = head.get(merchantId)?.head ?? 0;
    countFrom.run(after, merchantId);
    return after;
  };

  const step = (merchantId: string, at: Pending, eventsPage: number): Pending | null => {
    switch (at.stage) {
      case "events":
      case "tail": {
        const after = until(merchantId, at);
        const through = countPage(merchantId, at.through, after, eventsPage);
        if (through < after) return { ...at, through, after };
        if (at.stage === "events") return { ...at, stage: "rewards", through, after };
        end.run(merchantId);
        return null;
      }
      case "rewards": {
        const last = rewards.rebuildCards(merchantId, at.cardsAfter, REBUILD_CARDS_PAGE);
        if (last !== null) return { ...at, cardsAfter: last };
        // Begun by an older server, whose appends left their counts to the rebuild meanwhile.
        if (at.after === null) return { ...at, stage: "tail" };
        end.run(merchantId);
        return null;
      }
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
    async stepRollupRebuild(
      merchantId,
      instance,
      now,
      leaseMs,
      eventsPage = REBUILD_EVENTS_PAGE,
    ): Promise<RollupStep> {
      return db
        .transaction((): RollupStep => {
          const at = held.get(merchantId, instance);
          if (!at) return { kind: "lost" };
          const next = step(merchantId, at, eventsPage);
          if (next === null) return { kind: "done" };
          const percent = rebuildPercent(
            next.stage,
            { through: next.through, head: next.after ?? 0 },
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
