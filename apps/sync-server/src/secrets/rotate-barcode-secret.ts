import type { WalletStore } from "../storage/wallet-store";
import type { RotatingBarcodeKeys } from "./rotating-barcode-keys";

/**
 * A merchant's new rotating-barcode secret (stamp-core SPEC K10), and every pass of the merchant
 * re-issued so each Google card is patched to it: cards keep working throughout, since the old
 * secret verifies for ROTATED_SECRET_GRACE_MS more. The secret's kid.
 */
export async function rotateBarcodeSecret(
  keys: RotatingBarcodeKeys,
  wallet: WalletStore,
  merchantId: string,
  now: number,
): Promise<string> {
  const kid = await keys.rotate(merchantId, new Date(now));
  await wallet.reissuePasses(merchantId, now);
  return kid;
}
