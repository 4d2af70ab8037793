import type { StampEvent } from "@stamp/core";
import type { StampDb } from "./db";

/** Cards per query: small enough that a scan never waits long behind the read. */
const CARDS_PER_READ = 25;

/**
 * The local log, one card at a time, for folding at start. Reads a few cards per transaction
 * (by the cardId index), so memory holds a batch rather than the whole log and scans keep
 * getting their turn at the database.
 */
export async function* logByCard(
  db: StampDb,
): AsyncGenerator<readonly [string, readonly StampEvent[]]> {
  const cardIds = (await db.log.orderBy("cardId").uniqueKeys()) as string[];
  for (let i = 0; i < cardIds.length; i += CARDS_PER_READ) {
    const batch = cardIds.slice(i, i + CARDS_PER_READ);
    const byCard = new Map<string, StampEvent[]>(batch.map((id) => [id, []]));
    for (const event of await db.log.where("cardId").anyOf(batch).toArray())
      byCard.get(event.cardId)?.push(event);
    yield* byCard;
  }
}
