import { timingSafeEqual } from "node:crypto";

/**
 * Whether a secret someone sent is the one we hold: equal lengths first (a random token's length
 * is no secret), then a constant-time comparison.
 */
export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
