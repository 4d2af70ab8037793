import type { UnattendedResult } from "../unattended-stamp";

/**
 * A customer who keeps the phone up after "Stamp added!" is the same visit: the card seen again
 * this soon after a stamp shows that success again instead of a cooldown refusal.
 */
export const SAME_VISIT_MS = 60_000;

/** The kiosk's last stamp: which code, when, and what it showed. */
export interface LastStamp {
  readonly code: string;
  readonly atMs: number;
  readonly result: UnattendedResult;
}

/** What a scan leaves behind: a stamp is remembered, anything else forgets the last one. */
export function rememberStamp(
  code: string,
  result: UnattendedResult,
  nowMs: number,
): LastStamp | null {
  return result.kind === "stamped" ? { code, atMs: nowMs, result } : null;
}

/** The success to show again when `code` is the last stamped card, seen within the same visit. */
export function sameVisit(
  last: LastStamp | null,
  code: string,
  nowMs: number,
): UnattendedResult | null {
  return last && last.code === code && nowMs - last.atMs < SAME_VISIT_MS ? last.result : null;
}
