import {
  CARD_CODE_PREFIX,
  type CardNumberParse,
  type CardReadError,
  isCardScanCode,
  looksLikeCardNumber,
  type Program,
  parseCardNumber,
  readCardCode,
  UUID_ANY,
} from "@stamp/core";
import type { Services } from "../services";
import type { CardRecord } from "../storage/store";

/**
 * A card named by its id, by the signed code on its pass (either format, stamp-core SPEC K1/K7) or
 * by its number (N1), resolved within one merchant.
 */
export type CardLookup =
  | { readonly ok: true; readonly card: CardRecord; readonly program: Program }
  | { readonly ok: false; readonly reason: "not-found" }
  | { readonly ok: false; readonly reason: "bad-code"; readonly message: string };

function codeMessage(error: CardReadError): string {
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
  return reference.trim().startsWith(`${CARD_CODE_PREFIX}.`) || isCardScanCode(reference);
}

/** What a person is told when a typed number does not hold (N4). */
export function numberMessage(parse: Extract<CardNumberParse, { ok: false }>): string {
  switch (parse.reason) {
    case "check-digit":
      return "this card number is mistyped: a digit is wrong or two are swapped — check it against the card";
    case "wrong-length":
      return "a card number has 9 digits";
    case "not-a-number":
      return "a card number is only digits";
    default: {
      const unreachable: never = parse.reason;
      throw new Error(`unknown card-number problem ${unreachable}`);
    }
  }
}

export async function findCard(
  services: Services,
  merchantId: string,
  reference: string,
): Promise<CardLookup> {
  const card = await lookUp(services, merchantId, reference);
  if ("message" in card) return { ok: false, reason: "bad-code", message: card.message };
  if (!card.found) return { ok: false, reason: "not-found" };
  return withProgram(services, merchantId, card.found);
}

async function lookUp(
  services: Services,
  merchantId: string,
  reference: string,
): Promise<{ readonly found: CardRecord | null } | { readonly message: string }> {
  const text = reference.trim().toLowerCase();
  if (UUID_ANY.test(text)) return { found: await services.store.getCard(merchantId, text) };
  if (looksLikeCardNumber(text)) {
    const parsed = parseCardNumber(text);
    if (!parsed.ok) return { message: numberMessage(parsed) };
    return { found: await services.store.findCardByNumber(merchantId, parsed.number) };
  }
  if (!looksLikeCardCode(reference)) return { message: "not a card number, card code or card id" };
  const keys = await services.cardKeys.forMerchant(merchantId);
  const read = await readCardCode(reference, keys.keyring, merchantId, globalThis.crypto.subtle);
  if (!read.ok) return { message: codeMessage(read.error) };
  return { found: await services.store.getCard(merchantId, read.cardId) };
}

async function withProgram(
  services: Services,
  merchantId: string,
  card: CardRecord,
): Promise<CardLookup> {
  const program = await services.store.getProgram(merchantId, card.programId);
  if (!program) throw new Error(`card ${card.id} has lost its program`);
  return { ok: true, card, program: program.program };
}
