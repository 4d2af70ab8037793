import { type Program, programOfScan, verifyVoucherScanCode } from "@stamp/core";
import type { CardRefusal, CardVerifier } from "./card-check";

export type VoucherCheck =
  | {
      readonly ok: true;
      readonly cardId: string;
      readonly voucherId: string;
      readonly program: Program;
    }
  | { readonly ok: false; readonly refusal: CardRefusal };

/**
 * Verifies a voucher's signed scan code (stamp-core SPEC S6) offline with the keys cached at
 * pairing, and finds its program among the ones this device knows. Refusals read like a card's.
 */
export async function checkVoucherCode(
  code: string,
  verifier: CardVerifier,
): Promise<VoucherCheck> {
  const result = await verifyVoucherScanCode(code, verifier.keyring, verifier.subtle);
  if (!result.ok) {
    switch (result.error.code) {
      case "malformed":
        return { ok: false, refusal: { kind: "malformed" } };
      case "unknown-key":
        return { ok: false, refusal: { kind: "unknown-key" } };
      case "bad-signature":
        return { ok: false, refusal: { kind: "forged" } };
      default: {
        const unreachable: never = result.error;
        return unreachable;
      }
    }
  }
  const program = programOfScan(result.claims, verifier.programs.values());
  if (!program) return { ok: false, refusal: { kind: "unknown-program" } };
  return { ok: true, cardId: result.claims.cardId, voucherId: result.claims.voucherId, program };
}
