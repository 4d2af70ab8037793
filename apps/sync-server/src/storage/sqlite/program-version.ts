import { type Program, withRewardHistory } from "@stamp/core";
import { and, eq } from "drizzle-orm";
import * as t from "../schema";
import type { SqliteContext } from "./sqlite-context";

/**
 * Saves `edited` as the program's next version; false when `expectedVersion` is stale. Inside the
 * caller's write transaction: a program edit and a logo change both go this way, so every pass of
 * the program is re-versioned (and pushed) alike.
 */
export function saveProgramVersion(
  { db, log }: Pick<SqliteContext, "db" | "log">,
  edited: Program,
  expectedVersion: number,
  now: number,
): boolean {
  const where = and(
    eq(t.programs.id, edited.id),
    eq(t.programs.merchantId, edited.merchantId),
    eq(t.programs.version, expectedVersion),
  );
  const before = db.select({ body: t.programs.body }).from(t.programs).where(where).get();
  if (!before) return false;
  const previous = JSON.parse(before.body) as Program;
  const program = withRewardHistory(previous, edited);
  db.update(t.programs)
    .set({ version: program.version, body: JSON.stringify(program), updatedAt: now })
    .where(where)
    .run();
  // Only the goal is folded into card states: earned vouchers keep their terms (SPEC T3).
  const refold = previous.goal !== program.goal ? program : null;
  log.passesChanged(program.merchantId, program.id, refold, now);
  return true;
}
