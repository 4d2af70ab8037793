import { isVoucherScanCode, type Program } from "@stamp/core";
import type { Session } from "../app/session";
import { type CardRefusal, checkCardCode } from "../cards/card-check";
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
