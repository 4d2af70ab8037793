import { cardNumberFor } from "@stamp/core";

/** A card stored before card numbers (migration 0012), oldest first. */
export interface UnnumberedCard {
  readonly id: string;
  readonly merchantId: string;
}

export interface NumberedCard {
  readonly merchantId: string;
  readonly number: string;
}

/**
 * Numbers for cards that have none (stamp-core SPEC N3): each card's first attempt that no other
 * card of its merchant holds, older cards first — so a card keeps the number its id gives (what a
 * till computes offline) unless an older card already had it.
 */
export function planCardNumbers(
  unnumbered: readonly UnnumberedCard[],
  numbered: Iterable<NumberedCard>,
): { readonly id: string; readonly number: string }[] {
  const taken = new Set<string>();
  for (const card of numbered) taken.add(`${card.merchantId}|${card.number}`);
  return unnumbered.map((card) => {
    for (let attempt = 0; ; attempt++) {
      const number = cardNumberFor(card.id, attempt);
      const key = `${card.merchantId}|${number}`;
      if (!taken.has(key)) {
        taken.add(key);
        return { id: card.id, number };
      }
    }
  });
}

/** Thrown by `createCard` when the new card's number is already another card's of its merchant. */
export class CardNumberTaken extends Error {
  constructor(readonly number: string) {
    super(`card number ${number} is taken`);
    this.name = "CardNumberTaken";
  }
}
