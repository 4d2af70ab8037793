import {
  CARD_CODE_PREFIX,
  type CardCodeError,
  type Program,
  UUID_ANY,
  verifyCardCode,
} from "@stamp/core";
import type { Services } from "../services";
import type { CardRecord } from "../storage/store";

/** A card named by its id or by the signed code on its pass, resolved within one merchant. */
export type CardLookup =
  | { readonly ok: true; readonly card: CardRecord; readonly program: Program }
  | { readonly ok: false; readonly reason: "not-found" }
  | { readonly ok: false; readonly reason: "bad-code"; readonly message: string };

function codeMessage(error: CardCodeError): string {
  switch (error.code) {
    case "malformed":
      return `not a valid card code: ${error.message}`;
    case "unknown-key":
      return "the card code is signed with a key this merchant does not have";
    case "bad-signature":
      return "the card code's signature does not match: it is forged or damaged";
    case "wrong-merchant":
      return "the card code belongs to another business";
    default: {
      const unreachable: never = error;
      throw new Error(`unknown card-code error ${JSON.stringify(unreachable)}`);
    }
  }
}

export function looksLikeCardCode(reference: string): boolean {
  return reference.trim().startsWith(`${CARD_CODE_PREFIX}.`);
}

export async function findCard(
  services: Services,
  merchantId: string,
  reference: string,
): Promise<CardLookup> {
  let cardId = reference.trim().toLowerCase();
  if (looksLikeCardCode(reference)) {
    const keys = await services.cardKeys.forMerchant(merchantId);
    const verified = await verifyCardCode(
      reference,
      keys.keyring,
      merchantId,
      globalThis.crypto.subtle,
    );
    if (!verified.ok)
      return { ok: false, reason: "bad-code", message: codeMessage(verified.error) };
    cardId = verified.claims.cardId;
  } else if (!UUID_ANY.test(cardId)) {
    return { ok: false, reason: "bad-code", message: "not a card code or card id" };
  }
  const card = await services.store.getCard(merchantId, cardId);
  if (!card) return { ok: false, reason: "not-found" };
  const program = await services.store.getProgram(merchantId, card.programId);
  if (!program) throw new Error(`card ${card.id} has lost its program`);
  return { ok: true, card, program: program.program };
}
