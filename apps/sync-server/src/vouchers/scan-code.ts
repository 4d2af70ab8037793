import { signVoucherScanCode } from "@stamp/core";
import type { CardCodeKeys } from "../secrets/card-code-keys";

/** Signs a voucher's scan code (stamp-core SPEC S6) with its merchant's current card-code key. */
export type ScanCodeSigner = (
  card: { readonly merchantId: string; readonly program: { readonly id: string } },
  voucherId: string,
) => Promise<string>;

export function scanCodeSigner(cardKeys: CardCodeKeys): ScanCodeSigner {
  return async (card, voucherId) => {
    const keys = await cardKeys.forMerchant(card.merchantId);
    return signVoucherScanCode(
      { voucherId, programId: card.program.id },
      keys.signer,
      globalThis.crypto.subtle,
    );
  };
}
