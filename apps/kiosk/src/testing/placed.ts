import type { StampDb } from "../storage/db";
import { place } from "../storage/placements";

/** Every event any placement names, and how many placements name it. */
export async function placedIds(db: StampDb): Promise<Map<string, number>> {
  const named = new Map<string, number>();
  for (const row of await db.placements.toArray())
    for (const id of row.ids.flat()) named.set(id, (named.get(id) ?? 0) + 1);
  return named;
}

/** Places `events` at `by` in a transaction of its own, as an answer's store would. */
export function placeAt(
  db: StampDb,
  by: number,
  events: readonly { readonly id: string; readonly cardId: string }[],
): Promise<void> {
  return db.transaction("rw", db.placements, () => place(db, by, events));
}
