/** A voucher's id is derived, not drawn: the card and the cycle that earned it (SPEC C5). */
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
