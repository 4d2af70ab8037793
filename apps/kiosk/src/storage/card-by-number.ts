import { cardNumberFor } from "@stamp/core";
import type { NumberedCard } from "../cards/card-number-check";
import type { StampDb } from "./db";
import { heldCounts } from "./held-counts";

/**
 * The card of the local log whose id gives this number (stamp-core SPEC N2: the server numbers
 * every new card so). A hash per card: thousands of cards take milliseconds.
 */
export async function localCardByNumber(db: StampDb, number: string): Promise<NumberedCard | null> {
  // Each card the log holds, once, from its counts (issue 16): one read, not a cursor step per card.
  const cardIds = (await heldCounts(db)).keys();
  const cardId = [...cardIds].find((id) => cardNumberFor(id) === number);
  if (!cardId) return null;
  const first = await db.log.where("cardId").equals(cardId).first();
  return first ? { cardId, programId: first.programId } : null;
}
