import { parseCardNumber } from "@stamp/core";
import type { WorkedLocations } from "./card-within";
import type { CardRecord } from "./store";

/** Finding a merchant's customers, and forgetting who they are on request. */
export interface CustomerStore {
  /**
   * Cards whose customer's name, e-mail or phone contains `query` in any case, or whose id or
   * code is `query`; ordered by card id, after `after` (the last id of the page before); only
   * customers of `locations` (storage/card-within.ts; every card when null or left out).
   */
  searchCustomers(
    merchantId: string,
    query: string,
    after: string | null,
    limit: number,
    locations?: WorkedLocations,
  ): Promise<CardRecord[]>;
  /**
   * Wipes the card's profile and any answer kept under an Idempotency-Key that mentions the card
   * (an enrolment answer holds the profile); the card, its stamps and rewards stay. The merchant's
   * endpoints are told (`customer.erased`) in the same transaction. False when the merchant has no
   * such card.
   */
  erasePersonalData(merchantId: string, cardId: string, now: number): Promise<boolean>;
  /**
   * Cards whose customer's phone, its digits only, ends in `digits` (stamp-core `phoneTail`),
   * at most `limit`: the candidates for the same phone however it was written.
   */
  findCardsByPhone(merchantId: string, digits: string, limit: number): Promise<CardRecord[]>;
  /** The program's cards whose customer gave this e-mail address (any case). */
  findCardsByEmail(merchantId: string, programId: string, email: string): Promise<string[]>;
  /** Keeps a restore link; at most MAX_RESTORE_LINKS_PER_CARD open per card (the oldest go). */
  createRestoreLink(link: RestoreLink): Promise<void>;
  /** Uses a link once: the card it opens, or null when unknown, used or expired. Atomic. */
  claimRestoreLink(tokenHash: string, now: number): Promise<string | null>;
}

export interface RestoreLink {
  readonly tokenHash: string;
  readonly merchantId: string;
  readonly cardId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** The LIKE pattern for "contains `query`", its wildcards taken literally (ESCAPE '\'). */
/** A query as a card number (stamp-core SPEC N4: typed with spaces or dashes), else itself. */
export function numberPattern(query: string): string {
  const parsed = parseCardNumber(query);
  return parsed.ok ? parsed.number : query;
}

export function containsPattern(query: string): string {
  return `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A LIKE pattern for a phone's digits ending in `digits` (digits only: nothing to escape). */
export function phoneTailPattern(digits: string): string {
  return `%${digits.replace(/\D/g, "")}`;
}
