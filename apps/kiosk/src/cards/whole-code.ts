import {
  CARD_CODE_PREFIX,
  isCardScanCode,
  isVoucherScanCode,
  splitRotatingCode,
} from "@stamp/core";

/**
 * An original card code (stamp-core SPEC K1): `S1.<kid>.<body>.<signature>`, body 48 bytes and
 * signature 64 bytes in unpadded base64url. Case-sensitive, as the code is.
 */
const ORIGINAL_CODE = new RegExp(
  `^${CARD_CODE_PREFIX}\\.[A-Za-z0-9_-]{1,16}\\.[A-Za-z0-9_-]{64}\\.[A-Za-z0-9_-]{86}$`,
);

/**
 * Whether a text has the shape of a whole code the till reads — a card's (original, compact or a
 * rotating barcode) or a voucher's own — so checking it may start before the scanner's suffix.
 * Shape only: checking the code says whether it is genuine.
 */
export function isWholeCode(text: string): boolean {
  if (isCardScanCode(text) || isVoucherScanCode(text)) return true;
  const rotating = splitRotatingCode(text);
  if (rotating !== null) return isCardScanCode(rotating.code);
  return ORIGINAL_CODE.test(text);
}
