import { UUID_ANY } from "@stamp/core";
import * as v from "valibot";

/**
 * Why the server believes a card no longer updates on the customer's phone:
 * - `apple-removed`: the pass was taken out of Apple Wallet (or its automatic updates switched off)
 *   on the last device holding it — the device unregistered, or APNs answered 410 for it;
 * - `google-removed`: Google Wallet holds it no more — Google answered that the object is missing
 *   (404), or the users who had saved it removed it;
 * - `not-fetched`: the card changed and the phone that holds it has not fetched the pass for
 *   `PASS_FETCH_OVERDUE_DAYS` (the pass was deleted while the phone was offline, a new phone, …).
 */
export const WALLET_LOST_REASONS = ["apple-removed", "google-removed", "not-fetched"] as const;

export type WalletLostReason = (typeof WALLET_LOST_REASONS)[number];

/** A phone that holds a changed pass and has not fetched it for this long no longer updates. */
export const PASS_FETCH_OVERDUE_DAYS = 7;

/**
 * `GET /api/v1/sync/cards/:cardId/wallet` (protocol 4): whether the card still updates on the
 * customer's phone. `lost`: the server knows its wallet pass stopped receiving updates (`reason`;
 * no wallet that still takes them holds it), so the till asks the customer to add it again and
 * shows `cardUrl` — the card's page with its wallet buttons — as a QR code. `reason` is optional to
 * the reader: a till reads an answer without one (or with a reason it does not know) as lost all
 * the same.
 */
export const CardWalletAnswerSchema = v.object({
  cardId: v.pipe(v.string(), v.regex(UUID_ANY)),
  updates: v.picklist(["ok", "lost"]),
  /** One of WALLET_LOST_REASONS from this server; a newer one may send others. */
  reason: v.optional(v.pipe(v.string(), v.maxLength(40))),
  cardUrl: v.pipe(v.string(), v.url()),
});

export type CardWalletAnswer = v.InferOutput<typeof CardWalletAnswerSchema>;

/** A reason this version knows (and has words for), or null. */
export function knownWalletLostReason(reason: string | undefined): WalletLostReason | null {
  return WALLET_LOST_REASONS.find((known) => known === reason) ?? null;
}

export function cardWalletPath(cardId: string): string {
  return `/api/v1/sync/cards/${encodeURIComponent(cardId)}/wallet`;
}

/** The answer, or null when it is not one (an older server, a proxy's page). */
export function parseCardWalletAnswer(body: unknown): CardWalletAnswer | null {
  const parsed = v.safeParse(CardWalletAnswerSchema, body);
  return parsed.success ? parsed.output : null;
}
