import type { ActivityPlan } from "./activity-plan";

/** What a batch adds to a card's visits in the rollup kept on the card's row (`insight_*`). */
export interface CardVisits {
  readonly visits: number;
  /** The newest of the batch's visits; null: none. */
  readonly lastVisitAt: number | null;
}

/** What a save adds for a card the batch gave no visit. */
export const NO_VISITS: CardVisits = { visits: 0, lastVisitAt: null };

/**
 * The visits a batch adds to each card, written with the card's row by its save: one write per
 * card (issue 13). A card that lost a visit is left out: its visits are counted again from the log
 * and written whole after the save (`ActivityPlan.recount`).
 */
export function cardVisits(plan: ActivityPlan | null): ReadonlyMap<string, CardVisits> {
  const found = new Map<string, CardVisits>();
  if (!plan) return found;
  const recounted = new Set(plan.recount);
  for (const { cardId, visits, lastVisitAt } of plan.cards)
    if (!recounted.has(cardId) && (visits !== 0 || lastVisitAt !== null))
      found.set(cardId, { visits, lastVisitAt });
  return found;
}
