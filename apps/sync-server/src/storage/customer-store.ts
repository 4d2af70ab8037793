import type { CardRecord } from "./store";

/** Finding a merchant's customers, and forgetting who they are on request. */
export interface CustomerStore {
  /**
   * Cards whose customer's name, e-mail or phone contains `query` in any case, or whose id or
   * code is `query`; ordered by card id, after `after` (the last id of the page before).
   */
  searchCustomers(
    merchantId: string,
    query: string,
    after: string | null,
    limit: number,
  ): Promise<CardRecord[]>;
  /**
   * Wipes the card's profile and any answer kept under an Idempotency-Key that mentions the card
   * (an enrolment answer holds the profile); the card, its stamps and rewards stay. False when
   * the merchant has no such card.
   */
  erasePersonalData(merchantId: string, cardId: string): Promise<boolean>;
}

/** The LIKE pattern for "contains `query`", its wildcards taken literally (ESCAPE '\'). */
export function containsPattern(query: string): string {
  return `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
