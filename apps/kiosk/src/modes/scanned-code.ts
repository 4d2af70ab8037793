import { isVoucherScanCode, looksLikeCardNumber, type Program } from "@stamp/core";
import type { Session } from "../app/session";
import { type CardRefusal, checkCardCode } from "../cards/card-check";
import { checkCardNumber } from "../cards/card-number-check";
import { checkVoucherCode } from "../cards/voucher-check";

/** A scanned code — a card's, or a voucher's own (stamp-core SPEC S6) — checked, its card read. */
export type ScannedCode =
  | {
      readonly ok: true;
      readonly cardId: string;
      readonly program: Program;
      /** Set when the code was a voucher's own rather than the card's. */
      readonly voucherId: string | undefined;
    }
  | { readonly ok: false; readonly refusal: CardRefusal };

/**
 * What every mode does with a code its camera or scanner read, before deciding anything: verify it
 * offline, then read its card (fetched when the till holds nothing of it). Decides and writes
 * nothing, so it may run before the scan is acted on (`CheckAhead`).
 */
export async function checkScannedCode(
  session: Pick<Session, "verifier" | "fetchCard">,
  code: string,
  nowMs: number,
): Promise<ScannedCode> {
  const check = isVoucherScanCode(code)
    ? await checkVoucherCode(code, session.verifier)
    : { ...(await checkCardCode(code, session.verifier, nowMs)), voucherId: undefined };
  if (check.ok) await session.fetchCard(check.cardId);
  return check;
}

/**
 * A code the Staff Scanner was given: a card number typed at the till (stamp-core SPEC N4), which
 * opens its card offline if the till knows it, or a code its camera read, checked as every mode
 * checks one (a voucher's own code opens its card with the voucher first).
 */
export async function checkStaffCode(
  session: Pick<Session, "verifier" | "fetchCard" | "cardNumbers" | "programs">,
  code: string,
  nowMs: number,
): Promise<ScannedCode> {
  if (!looksLikeCardNumber(code)) return checkScannedCode(session, code, nowMs);
  const found = await checkCardNumber(code, session.cardNumbers, session.programs);
  if (!found.ok) return found;
  await session.fetchCard(found.cardId);
  return { ...found, voucherId: undefined };
}
