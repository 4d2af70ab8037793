import type { CompactCard, StampEvent } from "@stamp/core";
import { parseCardEventsAnswer } from "@stamp/wire-protocol";
import type { HttpResult } from "../api/http";

/** How long a scan waits for a card this till does not hold before it goes on with what it knows. */
export const CARD_FETCH_TIMEOUT_MS = 2_500;

export interface CardFetchDeps {
  /** Whether the till holds anything of the card: an event or a snapshot. */
  readonly holds: (cardId: string) => Promise<boolean>;
  /** `GET /api/v1/sync/cards/:cardId`. */
  readonly get: (cardId: string) => Promise<HttpResult>;
  /**
   * Keeps the card as the server's compact state (protocol 5) and folds it (SPEC CS3); `stale`: it
   * was read before the snapshot the till folded itself, nothing was kept.
   */
  readonly keep: (card: CompactCard) => Promise<"kept" | "stale">;
  /** A server before protocol 5 sent the card's events: kept and folded as pulled events are. */
  readonly merge: (events: readonly StampEvent[]) => Promise<void>;
}

/**
 * `held`: the till has the card already; `fetched`: the server's card is kept; `unavailable`:
 * offline, or the server could not say — the scan goes on from what the till knows, and the events
 * it makes merge with the card's on the next sync (stamp-core SPEC SC5).
 */
export type CardFetch = "held" | "fetched" | "unavailable";

/**
 * The card as the server has it now, kept beside what the till holds: for a card scanned outside
 * the till's sync scope, or one whose snapshot may lack an event the till made (SPEC CS5) — an
 * answer read after that event was stored settles it.
 */
export async function fetchCard(
  deps: CardFetchDeps,
  cardId: string,
  again = true,
): Promise<CardFetch> {
  const result = await deps.get(cardId);
  if (result.kind !== "ok") return "unavailable";
  const parsed = parseCardEventsAnswer(result.body);
  if (!parsed.ok || parsed.value.cardId !== cardId) return "unavailable";
  const { compact } = parsed.value;
  if (compact) {
    // Read before the till folded the card (a sync ended meanwhile): the server's card now is newer.
    if ((await deps.keep(compact)) === "stale")
      return again ? fetchCard(deps, cardId, false) : "unavailable";
    return "fetched";
  }
  const events = parsed.value.events.filter((event) => event.cardId === cardId);
  if (events.length > 0) await deps.merge(events);
  return "fetched";
}

/**
 * A card scanned at a till that holds nothing of it (it was used at another location, out of this
 * till's sync scope): fetched from the server when online, before the scan is decided, so the
 * customer sees their real card rather than an empty one.
 */
export async function fetchUnheldCard(deps: CardFetchDeps, cardId: string): Promise<CardFetch> {
  return (await deps.holds(cardId)) ? "held" : fetchCard(deps, cardId);
}
