import { type Program, withRewardHistory } from "@stamp/core";
import { and, eq } from "drizzle-orm";
import type { PgEventLog } from "./event-log";
import type { PgTx } from "./pg-context";
import * as t from "./schema";

/**
 * Saves `edited` as the program's next version in the caller's transaction; false when
 * `expectedVersion` is stale. A program edit and a logo change both go this way, so every pass of
 * the program is re-versioned (and pushed) alike.
 */
export async function saveProgramVersion(
  tx: PgTx,
  log: PgEventLog,
  edited: Program,
  expectedVersion: number,
  now: number,
): Promise<boolean> {
  const where = and(
    eq(t.programs.id, edited.id),
    eq(t.programs.merchantId, edited.merchantId),
    eq(t.programs.version, expectedVersion),
  );
  // The program row, held until commit: two editors of one version, one wins.
  const [before] = await tx.db
    .select({ body: t.programs.body })
    .from(t.programs)
    .where(where)
    .for("update");
  if (!before) return false;
  const previous = JSON.parse(before.body) as Program;
  const program = withRewardHistory(previous, edited);
  await tx.db
    .update(t.programs)
    .set({ version: program.version, body: JSON.stringify(program), updatedAt: now })
    .where(where);
  // Only the goal is folded into card states: earned vouchers keep their terms (SPEC T3).
  const refold = previous.goal !== program.goal ? program : null;
  await log.passesChanged(tx, program.merchantId, program.id, refold, now);
  return true;
}
