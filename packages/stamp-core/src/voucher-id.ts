import { hash53 } from "./hash";

/**
 * A voucher's id is derived, not drawn: the card and the cycle that earned it (SPEC C5), or, for a
 * voucher the server granted outside the cycles, a grant number (SPEC G1).
 */
export const VOUCHER_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[1-9][0-9]{0,8}$/;

export function voucherIdFor(cardId: string, cycle: number): string {
  return `${cardId}:${cycle}`;
}

export function parseVoucherId(voucherId: string): { cardId: string; cycle: number } | null {
  if (!VOUCHER_ID.test(voucherId)) return null;
  const at = voucherId.lastIndexOf(":");
  return { cardId: voucherId.slice(0, at), cycle: Number(voucherId.slice(at + 1)) };
}

/**
 * Numbers from here up name vouchers the server granted (`voucher.granted`, SPEC G1), not cycles:
 * no card completes 900 million cycles, and the number still fits every place a cycle goes (voucher
 * ids, scan codes, the server's voucher rows and links).
 */
export const FIRST_GRANT_NUMBER = 900_000_000;
const GRANT_NUMBERS = 99_999_999;

/** True when a voucher number (the part after the colon) names a granted voucher (SPEC G1). */
export function isGrantNumber(cycle: number): boolean {
  return cycle >= FIRST_GRANT_NUMBER;
}

/**
 * The id of the voucher granted to `cardId` for `grantKey` (what it is for, e.g. an automation and
 * an occasion): the same key gives the same id on every server instance, so a grant made twice is
 * kept once (SPEC G2).
 */
export function grantedVoucherIdFor(cardId: string, grantKey: string): string {
  return voucherIdFor(
    cardId,
    FIRST_GRANT_NUMBER + (hash53(`${cardId}|${grantKey}`) % GRANT_NUMBERS),
  );
}

/** True when `voucherId` names a voucher the server granted (SPEC G1). */
export function isGrantedVoucherId(voucherId: string): boolean {
  const parsed = parseVoucherId(voucherId);
  return parsed !== null && isGrantNumber(parsed.cycle);
}
