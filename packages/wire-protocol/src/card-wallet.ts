import { UUID_ANY } from "@stamp/core";
import * as v from "valibot";

/**
 * `GET /api/v1/sync/cards/:cardId/wallet` (protocol 4): whether the card still updates on the
 * customer's phone. `lost`: the server knows its wallet pass stopped receiving updates (APNs
 * answered 410 for the last device holding it), so the till asks the customer to add it again
 * and shows `cardUrl` — the card's page with its wallet buttons — as a QR code.
 */
export const CardWalletAnswerSchema = v.object({
  cardId: v.pipe(v.string(), v.regex(UUID_ANY)),
  updates: v.picklist(["ok", "lost"]),
  cardUrl: v.pipe(v.string(), v.url()),
});

export type CardWalletAnswer = v.InferOutput<typeof CardWalletAnswerSchema>;

export function cardWalletPath(cardId: string): string {
  return `/api/v1/sync/cards/${encodeURIComponent(cardId)}/wallet`;
}

/** The answer, or null when it is not one (an older server, a proxy's page). */
export function parseCardWalletAnswer(body: unknown): CardWalletAnswer | null {
  const parsed = v.safeParse(CardWalletAnswerSchema, body);
  return parsed.success ? parsed.output : null;
}
