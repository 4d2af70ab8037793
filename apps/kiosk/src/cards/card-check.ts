import {
  CARD_CODE_PREFIX,
  type CardCodeKeyring,
  type CardReadResult,
  type Program,
  programOfCard,
  readCardCode,
  type SubtleLike,
} from "@stamp/core";

/** Why a scanned code is refused on the spot; each has its own message for staff and customers. */
export type CardRefusal =
  | { readonly kind: "malformed" }
  | { readonly kind: "unknown-key" }
  | { readonly kind: "forged" }
  | { readonly kind: "foreign" }
  | { readonly kind: "unknown-program" }
  /**
   * An original-format code (stamp-core SPEC K1, case-sensitive) whose letters all changed case:
   * a keyboard-wedge scanner on Caps Lock or sending capitals without Shift.
   */
  | { readonly kind: "case-changed" }
  /** A typed card number whose check digit does not hold: a digit wrong or two swapped. */
  | { readonly kind: "number-mistyped" }
  /** A typed card number with too few or too many digits. */
  | { readonly kind: "number-incomplete" }
  /** A well-typed number no card of this merchant has. */
  | { readonly kind: "number-unknown" }
  /** A number of a card this till has not seen, typed while the server is out of reach. */
  | { readonly kind: "number-offline" };

export type CardCheck =
  | { readonly ok: true; readonly cardId: string; readonly program: Program }
  | { readonly ok: false; readonly refusal: CardRefusal };

export interface CardVerifier {
  readonly keyring: CardCodeKeyring;
  readonly merchantId: string;
  readonly programs: ReadonlyMap<string, Program>;
  readonly subtle: SubtleLike;
}

function refusalOf(result: Extract<CardReadResult, { ok: false }>): CardRefusal {
  switch (result.error.code) {
    case "malformed":
      return { kind: "malformed" };
    case "unknown-key":
      return { kind: "unknown-key" };
    case "bad-signature":
      return { kind: "forged" };
    case "wrong-merchant":
      return { kind: "foreign" };
    default: {
      const unreachable: never = result.error;
      return unreachable;
    }
  }
}

/**
 * Whether a refused code is an original-format one whose letters changed case: lower-cased or
 * inverted ("s1.…": Shift-less capitals, Caps Lock) or all capitals (Caps Lock, no Shift).
 */
function caseChanged(code: string): boolean {
  const text = code.trim();
  const prefix = `${CARD_CODE_PREFIX}.`;
  if (!text.toUpperCase().startsWith(prefix)) return false;
  return (
    !text.startsWith(prefix) ||
    (/[A-Z]/.test(text.slice(prefix.length)) && text === text.toUpperCase())
  );
}

/**
 * Verifies a card code offline (either format; the compact one in any letter case) with the keys
 * cached at pairing and the merchant this device serves, then finds the card's program among the
 * ones the device knows.
 */
export async function checkCardCode(code: string, verifier: CardVerifier): Promise<CardCheck> {
  const result = await readCardCode(code, verifier.keyring, verifier.merchantId, verifier.subtle);
  if (!result.ok)
    return { ok: false, refusal: caseChanged(code) ? { kind: "case-changed" } : refusalOf(result) };
  const program = programOfCard(result, verifier.programs.values());
  if (!program) return { ok: false, refusal: { kind: "unknown-program" } };
  return { ok: true, cardId: result.cardId, program };
}
