import {
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
  | { readonly kind: "unknown-program" };

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
 * Verifies a card code (either format, any letter case for the compact one) offline with the keys cached at pairing and the merchant this device
 * serves, then finds the card's program among the ones the device knows.
 */
export async function checkCardCode(code: string, verifier: CardVerifier): Promise<CardCheck> {
  const result = await readCardCode(code, verifier.keyring, verifier.merchantId, verifier.subtle);
  if (!result.ok) return { ok: false, refusal: refusalOf(result) };
  const program = programOfCard(result, verifier.programs.values());
  if (!program) return { ok: false, refusal: { kind: "unknown-program" } };
  return { ok: true, cardId: result.cardId, program };
}
