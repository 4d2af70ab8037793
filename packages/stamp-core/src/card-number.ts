import { hash53 } from "./hash";

/**
 * A card's short number (SPEC N1–N4): what a person reads out, types at the till or into a receipt
 * claim. 8 digits from the card id, then a Damm check digit, which catches every single wrong digit
 * and every swap of two neighbours.
 */
export const CARD_NUMBER_DIGITS = 9;

// Damm's totally anti-symmetric quasigroup of order 10.
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
] as const;

function damm(digits: string): number {
  let interim = 0;
  for (const ch of digits) interim = DAMM[interim]?.[Number(ch)] ?? 0;
  return interim;
}

/**
 * The number a card id gives on its `attempt` (N2): the server tries attempt 0 for every new card
 * and picks a new card id instead when the number is taken, so a till finds a new card's number
 * from its id alone. Attempts above 0 only number cards that existed before numbers (N3).
 */
export function cardNumberFor(cardId: string, attempt = 0): string {
  const body = 10_000_000 + (hash53(`card-number|${attempt}|${cardId}`) % 90_000_000);
  return `${body}${damm(String(body))}`;
}

export type CardNumberParse =
  | { readonly ok: true; readonly number: string }
  | { readonly ok: false; readonly reason: "not-a-number" | "wrong-length" | "check-digit" };

/** Reads a typed number: spaces, dashes and dots between digits are allowed (N4). */
export function parseCardNumber(text: string): CardNumberParse {
  const digits = text.trim().replace(/[\s.-]/g, "");
  if (!/^[0-9]+$/.test(digits)) return { ok: false, reason: "not-a-number" };
  if (digits.length !== CARD_NUMBER_DIGITS) return { ok: false, reason: "wrong-length" };
  if (damm(digits) !== 0) return { ok: false, reason: "check-digit" };
  return { ok: true, number: digits };
}

/** Whether typed text is meant as a card number rather than a code or id (digits and separators). */
export function looksLikeCardNumber(text: string): boolean {
  return /^[0-9][0-9\s.-]*$/.test(text.trim());
}

/** The number as people read it: three groups of three ("482 103 756"). */
export function formatCardNumber(number: string): string {
  return number.replace(/(\d{3})(?=\d)/g, "$1 ");
}
