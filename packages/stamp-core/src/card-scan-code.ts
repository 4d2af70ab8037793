import {
  type CardCodeClaims,
  type CardCodeError,
  type CardCodeKeyring,
  type CardCodeSigner,
  verifyCardCode,
} from "./card-code";
import {
  type CompactCodeError,
  type CompactCodeKind,
  looksLikeCompactCode,
  readCompactPayload,
  signCompactCode,
  verifyCompactCode,
  withIdPrefix,
} from "./signed-code";
import { bytesToHex, bytesToUuid, uuidToBytes } from "./uuid-bytes";
import type { SubtleLike } from "./webcrypto";

/**
 * A card's compact scan code (SPEC K7): payload = cardId (16 bytes) ‖ the program id's first 4
 * bytes ‖ the merchant id's first 4 bytes. 145 characters of QR alphanumeric mode: a QR code of
 * 41×41 modules at error correction M, where the K1 code needs 53×53.
 */
export const CARD_SCAN_CODE: CompactCodeKind = { prefix: "C1", payloadLength: 24 };

/** What a verified card code says, in either format (K1 or K7). */
export interface CardReading {
  readonly cardId: string;
  /** The program's full id (K1) or its first 8 hex digits (K7): see `programOfCard`. */
  readonly programMatch: string;
  readonly kid: string;
}

export type CardReadError = CardCodeError | CompactCodeError;

export type CardReadResult =
  | ({ readonly ok: true } & CardReading)
  | { readonly ok: false; readonly error: CardReadError };

const prefixOf = (uuid: string): Uint8Array => {
  const bytes = new Uint8Array(16);
  uuidToBytes(uuid, bytes, 0);
  return bytes.subarray(0, 4);
};

export function isCardScanCode(text: string): boolean {
  return looksLikeCompactCode(CARD_SCAN_CODE, text);
}

export function signCardScanCode(
  claims: CardCodeClaims,
  signer: CardCodeSigner,
  subtle: SubtleLike,
): Promise<string> {
  const payload = new Uint8Array(CARD_SCAN_CODE.payloadLength);
  uuidToBytes(claims.cardId, payload, 0);
  payload.set(prefixOf(claims.programId), 16);
  payload.set(prefixOf(claims.merchantId), 20);
  return signCompactCode(CARD_SCAN_CODE, payload, signer, subtle);
}

async function readScanCode(
  text: string,
  keyring: CardCodeKeyring,
  merchantId: string,
  subtle: SubtleLike,
): Promise<CardReadResult> {
  const merchant = merchantId.slice(0, 8);
  const result = await verifyCompactCode(CARD_SCAN_CODE, text, keyring, subtle);
  if (!result.ok) {
    // A code no key of ours signed may still say whose it is: tell staff rather than "unknown key".
    const unverified =
      result.error.code === "unknown-key" && readCompactPayload(CARD_SCAN_CODE, text);
    if (unverified && bytesToHex(unverified.subarray(20, 24)) !== merchant)
      return {
        ok: false,
        error: { code: "wrong-merchant", merchantId: bytesToHex(unverified.subarray(20, 24)) },
      };
    return result;
  }
  const { payload, kid } = result;
  const claimed = bytesToHex(payload.subarray(20, 24));
  if (claimed !== merchant)
    return { ok: false, error: { code: "wrong-merchant", merchantId: claimed } };
  return {
    ok: true,
    cardId: bytesToUuid(payload, 0),
    programMatch: bytesToHex(payload.subarray(16, 20)),
    kid,
  };
}

/**
 * Reads a scanned or typed card code offline: the compact format (K7, any letter case) or the
 * original one (K1, still on every pass issued before K7), for the merchant this reader serves.
 */
export async function readCardCode(
  text: string,
  keyring: CardCodeKeyring,
  merchantId: string,
  subtle: SubtleLike,
): Promise<CardReadResult> {
  if (isCardScanCode(text)) return readScanCode(text, keyring, merchantId, subtle);
  const result = await verifyCardCode(text, keyring, merchantId, subtle);
  if (!result.ok) return result;
  return {
    ok: true,
    cardId: result.claims.cardId,
    programMatch: result.claims.programId,
    kid: result.kid,
  };
}

/** The program a verified card code names, among the programs this reader knows. */
export function programOfCard<P extends { readonly id: string }>(
  reading: CardReading,
  programs: Iterable<P>,
): P | undefined {
  return withIdPrefix(reading.programMatch, programs);
}
