import { signVoucherScanCode } from "@stamp/core";
import type { CardCodeKeys } from "../secrets/card-code-keys";
import type { RotatingBarcodeKeys } from "../secrets/rotating-barcode-keys";

/** Signs a voucher's scan code (stamp-core SPEC S6) with its merchant's current card-code key. */
export type ScanCodeSigner = (
  card: { readonly merchantId: string; readonly program: { readonly id: string } },
  voucherId: string,
) => Promise<string>;

/** The merchant keys a wallet card's barcodes need: voucher scan codes, rotating TOTP (SPEC K10). */
export interface PassCodes {
  readonly signScanCode: ScanCodeSigner;
  /** The merchant's current rotating-barcode secret, which its Google cards are issued with. */
  rotatingSecret(merchantId: string): Promise<Uint8Array>;
}

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

export function passCodes(services: {
  readonly cardKeys: CardCodeKeys;
  readonly rotatingKeys: RotatingBarcodeKeys;
  readonly now: () => number;
}): PassCodes {
  return {
    signScanCode: scanCodeSigner(services.cardKeys),
    rotatingSecret: async (merchantId) =>
      (await services.rotatingKeys.forMerchant(merchantId, services.now())).current.secret,
  };
}
