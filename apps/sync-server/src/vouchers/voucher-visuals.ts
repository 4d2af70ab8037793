import type { VoucherView } from "@stamp/core";
import type { Services } from "../services";
import type { VoucherVisual } from "../wallet/pages/voucher-card";
import { scanCodeSigner } from "./scan-code";
import { barcodeSvg } from "./voucher-barcode";

/**
 * The codes the web card draws for each ready voucher: its redeem code as the format its terms
 * name (stamp-core R5), or its signed scan code as a QR for staff-scan vouchers (S6).
 */
export async function voucherVisuals(
  services: Services,
  card: { readonly merchantId: string; readonly program: { readonly id: string } },
  vouchers: readonly VoucherView[],
): Promise<Map<string, VoucherVisual>> {
  const visuals = new Map<string, VoucherVisual>();
  for (const voucher of vouchers) {
    if (voucher.status !== "issued" || !voucher.redemption) continue;
    const redemption = voucher.redemption;
    if (redemption.method === "code" && redemption.format !== "text" && voucher.code)
      visuals.set(voucher.id, { code: await barcodeSvg(redemption.format, voucher.code) });
    if (redemption.method === "staff") {
      const scan = await scanCodeSigner(services.cardKeys)(card, voucher.id);
      visuals.set(voucher.id, { scan: { text: scan, svg: await barcodeSvg("qr", scan) } });
    }
  }
  return visuals;
}
