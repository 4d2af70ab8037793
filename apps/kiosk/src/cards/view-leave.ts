/** What a till knows of the cards it holds when its view was counted anew (`MetaRow` `census`). */
export interface ViewLeaveFacts {
  /** Cards it holds anything of: an event or a snapshot. */
  readonly held: Iterable<string>;
  /** Cards its view's pull from the start named, and the ones named since. */
  readonly view: ReadonlySet<string>;
  /**
   * Cards with an event of its own the server has not accepted: in the outbox, or held back for a
   * wrong clock (SPEC H6). Their events may not go, so neither may the card they fold onto.
   */
  readonly unsent: ReadonlySet<string>;
  /** Cards scanned at the till lately (its last scans): a customer at hand, fetched on demand. */
  readonly shown: ReadonlySet<string>;
}

/**
 * The held cards that leave the till (issue 16: it holds its view, not every card it was ever
 * sent): outside its view, with nothing unsent and not shown lately. A card that left is fetched
 * on demand when scanned again, as any card outside the view is, or stamped offline from nothing
 * (its events merge with the card's on the next sync, stamp-core SPEC SC5).
 */
export function leavingCards(facts: ViewLeaveFacts): string[] {
  const leaving = new Set<string>();
  for (const cardId of facts.held)
    if (!facts.view.has(cardId) && !facts.unsent.has(cardId) && !facts.shown.has(cardId))
      leaving.add(cardId);
  return [...leaving];
}
