import { type Program, parseCardNumber, UUID_ANY } from "@stamp/core";
import type { CardCheck } from "./card-check";

/** A card found by its number: its id and the program its events name. */
export interface NumberedCard {
  readonly cardId: string;
  readonly programId: string;
}

/** The card in the server's answer to `GET /api/v1/cards/:number` (a card view), if it is one. */
export function numberedCardOf(body: unknown): NumberedCard | null {
  if (typeof body !== "object" || body === null) return null;
  const { cardId, programId } = body as { cardId?: unknown; programId?: unknown };
  return typeof cardId === "string" && UUID_ANY.test(cardId) && typeof programId === "string"
    ? { cardId, programId }
    : null;
}

/** Where a till looks a typed number up: its own log first (offline), then the server. */
export interface CardNumberSources {
  /** The card of this number among the cards in the local log, if any (stamp-core SPEC N2). */
  local(number: string): Promise<NumberedCard | null>;
  /** The server's card of this number; "unreachable" when the till is offline. */
  remote(number: string): Promise<NumberedCard | null | "unreachable">;
}

/**
 * Checks a card number typed at the till (stamp-core SPEC N4): a typo is caught by the check
 * digit before anything is looked up; a card the till knows opens offline.
 */
export async function checkCardNumber(
  text: string,
  sources: CardNumberSources,
  programs: ReadonlyMap<string, Program>,
): Promise<CardCheck> {
  const parsed = parseCardNumber(text);
  if (!parsed.ok)
    return {
      ok: false,
      refusal: { kind: parsed.reason === "check-digit" ? "number-mistyped" : "number-incomplete" },
    };
  const found = (await sources.local(parsed.number)) ?? (await sources.remote(parsed.number));
  if (found === "unreachable") return { ok: false, refusal: { kind: "number-offline" } };
  if (!found) return { ok: false, refusal: { kind: "number-unknown" } };
  const program = programs.get(found.programId);
  if (!program) return { ok: false, refusal: { kind: "unknown-program" } };
  return { ok: true, cardId: found.cardId, program };
}
