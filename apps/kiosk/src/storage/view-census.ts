import type { StampDb } from "./db";

/** The stores an answer's census writes; the caller's transaction names them. */
export function censusStores(db: StampDb) {
  return [db.meta, db.viewCards];
}

/**
 * What one stored answer does to the count of the till's view (`MetaRow` `census`), in the
 * caller's transaction (`censusStores`): `narrowed` — the answer was read in a view that need not
 * hold what the till holds, so the till pulls its view from the start and counts anew; else,
 * while there is a count, the cards the answer names (`cardIds`: sent as compact cards, pulled
 * events', and the ones of its own events the server stored, which are of its location for good)
 * are of the view — after the count is complete too, until the cards outside it have gone, so a
 * card that joins the view meanwhile stays — and an answer with nothing more to pull completes it.
 */
export async function countView(
  db: StampDb,
  narrowed: boolean,
  cardIds: Iterable<string>,
  more: boolean,
): Promise<void> {
  if (narrowed) {
    await Promise.all([db.viewCards.clear(), db.meta.put({ key: "census", value: "pulling" })]);
    return;
  }
  const census = await db.meta.get("census");
  if (census?.key !== "census") return;
  const writes: Promise<unknown>[] = [
    db.viewCards.bulkPut([...new Set(cardIds)].map((cardId) => ({ cardId }))),
  ];
  if (!more && census.value === "pulling")
    writes.push(db.meta.put({ key: "census", value: "complete" }));
  await Promise.all(writes);
}
