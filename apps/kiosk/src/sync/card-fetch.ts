import type { StampEvent } from "@stamp/core";
import { parseCardEventsAnswer } from "@stamp/wire-protocol";
import type { HttpResult } from "../api/http";

/** How long a scan waits for a card this till does not hold before it goes on with what it knows. */
export const CARD_FETCH_TIMEOUT_MS = 2_500;

export interface CardFetchDeps {
  /** Whether the local log holds any event of the card. */
  readonly holds: (cardId: string) => Promise<boolean>;
  /** `GET /api/v1/sync/cards/:cardId`. */
  readonly get: (cardId: string) => Promise<HttpResult>;
  /** Keeps the card's events in the local log and folds them, as pulled events are. */
  readonly merge: (events: readonly StampEvent[]) => Promise<void>;
}

/**
 * `held`: the till has the card already; `fetched`: its events are merged; `unavailable`: offline,
 * or the server could not say — the scan goes on from what the till knows, and the events it
 * makes merge with the card's on the next sync (stamp-core SPEC SC5).
 */
export type CardFetch = "held" | "fetched" | "unavailable";

/**
 * A card scanned at a till that holds none of its events (it was used at another location, out
 * of this till's sync scope): fetched from the server when online, before the scan is decided,
 * so the customer sees their real card rather than an empty one.
 */
export async function fetchUnheldCard(deps: CardFetchDeps, cardId: string): Promise<CardFetch> {
  if (await deps.holds(cardId)) return "held";
  const result = await deps.get(cardId);
  if (result.kind !== "ok") return "unavailable";
  const parsed = parseCardEventsAnswer(result.body);
  if (!parsed.ok || parsed.value.cardId !== cardId) return "unavailable";
  const events = parsed.value.events.filter((event) => event.cardId === cardId);
  if (events.length > 0) await deps.merge(events);
  return "fetched";
}
