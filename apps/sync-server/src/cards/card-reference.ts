import {
  CARD_CODE_PREFIX,
  type CardNumberParse,
  type CardReadError,
  isCardScanCode,
  isFreshRotatingValue,
  looksLikeCardNumber,
  type Program,
  parseCardNumber,
  readCardCode,
  splitRotatingCode,
  UUID_ANY,
} from "@stamp/core";
import type { ApiErrorCode } from "../http/api-error";
import type { Services } from "../services";
import type { CardRecord } from "../storage/store";

/**
 * A card named by its id, by the signed code on its pass (either format, stamp-core SPEC K1/K7) or
 * by its number (N1), or by a Google card's rotating barcode (K9), resolved within one merchant.
 */
export type CardLookup =
  | { readonly ok: true; readonly card: CardRecord; readonly program: Program }
  | { readonly ok: false; readonly reason: "not-found" }
  | ({ readonly ok: false; readonly reason: "bad-code" } & BadReference);

interface BadReference {
  /** `card-code-expired`: a rotating barcode's value is past its window (SPEC K11). */
  readonly problem: Extract<ApiErrorCode, "invalid-card-code" | "card-code-expired">;
  readonly message: string;
}

const invalid = (message: string): BadReference => ({ problem: "invalid-card-code", message });

const EXPIRED: BadReference = {
  problem: "card-code-expired",
  message:
    "this rotating card code has expired: ask the customer to open the card in Google Wallet and scan it again",
};

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
  if ("message" in card) return { ok: false, reason: "bad-code", ...card };
  if (!card.found) return { ok: false, reason: "not-found" };
  return withProgram(services, merchantId, card.found);
}

async function lookUp(
  services: Services,
  merchantId: string,
  reference: string,
): Promise<{ readonly found: CardRecord | null } | BadReference> {
  // A Google card's rotating barcode: the card code, then a TOTP value (SPEC K9, K11).
  const rotating = splitRotatingCode(reference);
  if (rotating) {
    const read = await cardOfCode(services, merchantId, rotating.code);
    if ("message" in read) return read;
    const now = services.now();
    const secrets = (await services.rotatingKeys.forMerchant(merchantId, now)).accepted;
    const accepted = secrets.map((s) => s.secret);
    if (!isFreshRotatingValue(accepted, read.cardId, rotating.totp, now)) return EXPIRED;
    return { found: await services.store.getCard(merchantId, read.cardId) };
  }
  const text = reference.trim().toLowerCase();
  if (UUID_ANY.test(text)) return { found: await services.store.getCard(merchantId, text) };
  if (looksLikeCardNumber(text)) {
    const parsed = parseCardNumber(text);
    if (!parsed.ok) return invalid(numberMessage(parsed));
    return { found: await services.store.findCardByNumber(merchantId, parsed.number) };
  }
  const read = await cardOfCode(services, merchantId, reference);
  if ("message" in read) return read;
  return { found: await services.store.getCard(merchantId, read.cardId) };
}

/** The card id a signed card code (either format) names, verified with the merchant's keys. */
async function cardOfCode(
  services: Services,
  merchantId: string,
  code: string,
): Promise<{ readonly cardId: string } | BadReference> {
  if (!looksLikeCardCode(code)) return invalid("not a card number, card code or card id");
  const keys = await services.cardKeys.forMerchant(merchantId);
  const read = await readCardCode(code, keys.keyring, merchantId, globalThis.crypto.subtle);
  return read.ok ? { cardId: read.cardId } : invalid(codeMessage(read.error));
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
