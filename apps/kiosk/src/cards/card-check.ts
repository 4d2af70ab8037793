import {
  CARD_CODE_PREFIX,
  type CardCodeKeyring,
  type CardReadResult,
  isFreshRotatingValue,
  type Program,
  programOfCard,
  readCardCode,
  type SubtleLike,
  splitRotatingCode,
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
  | { readonly kind: "number-offline" }
  /** A rotating barcode whose value is past its window: a screenshot (stamp-core SPEC K11). */
  | { readonly kind: "expired" }
  /** A rotating barcode, and this till was paired before it got its merchant's secrets. */
  | { readonly kind: "no-rotating-key" };

export type CardCheck =
  | { readonly ok: true; readonly cardId: string; readonly program: Program }
  | { readonly ok: false; readonly refusal: CardRefusal };

export interface CardVerifier {
  readonly keyring: CardCodeKeyring;
  readonly merchantId: string;
  readonly programs: ReadonlyMap<string, Program>;
  readonly subtle: SubtleLike;
  /** The merchant's rotating-barcode secrets from pairing (SPEC K10); none on an older pairing. */
  readonly rotatingSecrets: readonly Uint8Array[];
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
 * ones the device knows. A Google card's rotating barcode must also carry the card's TOTP value at
 * `nowMs`, one period either way (SPEC K9–K11).
 */
export async function checkCardCode(
  scanned: string,
  verifier: CardVerifier,
  nowMs: number,
): Promise<CardCheck> {
  const rotating = splitRotatingCode(scanned);
  const code = rotating?.code ?? scanned;
  const result = await readCardCode(code, verifier.keyring, verifier.merchantId, verifier.subtle);
  if (!result.ok)
    return { ok: false, refusal: caseChanged(code) ? { kind: "case-changed" } : refusalOf(result) };
  if (rotating) {
    if (verifier.rotatingSecrets.length === 0)
      return { ok: false, refusal: { kind: "no-rotating-key" } };
    if (!isFreshRotatingValue(verifier.rotatingSecrets, result.cardId, rotating.totp, nowMs))
      return { ok: false, refusal: { kind: "expired" } };
  }
  const program = programOfCard(result, verifier.programs.values());
  if (!program) return { ok: false, refusal: { kind: "unknown-program" } };
  return { ok: true, cardId: result.cardId, program };
}

/** Refusals that fetching programs and keys again can cure. */
export function needsRefresh(refusal: CardRefusal): boolean {
  return (
    refusal.kind === "unknown-program" ||
    refusal.kind === "unknown-key" ||
    refusal.kind === "no-rotating-key"
  );
}
