import { cardView, customerTitle, hlcMillis, readyRewards, type Voucher } from "@stamp/core";
import type { CardSnapshot, CardVoucher, PassBarcode } from "@stamp/pass-builder";
import type { PassRecord, PublicCard } from "../storage/wallet-store";
import type { ScanCodeSigner } from "../vouchers/scan-code";
import { cardNotice } from "./card-notice";

function passVoucher(voucher: Voucher): CardVoucher {
  return {
    key: String(voucher.cycle),
    title: customerTitle(voucher),
    prizeHidden: voucher.prize !== undefined && voucher.revealedAt === undefined,
    earnedAt: new Date(hlcMillis(voucher.issuedAt)),
    ...(voucher.expiresAtMs === undefined ? {} : { validUntil: new Date(voucher.expiresAtMs) }),
    ...(voucher.code === undefined ? {} : { code: voucher.code }),
  };
}

/**
 * The code a card's barcode shows while a reward waits, when the merchant chose so (SPEC P5):
 * the oldest ready reward's redeem code in its drawn format, or its scan code for staff-scan.
 */
async function voucherBarcode(
  card: PublicCard,
  ready: readonly Voucher[],
  sign: ScanCodeSigner,
): Promise<PassBarcode | undefined> {
  for (const voucher of ready) {
    const redemption = voucher.redemption;
    if (redemption?.method === "code" && redemption.format !== "text" && voucher.code)
      return { format: redemption.format, message: voucher.code, altText: voucher.code };
    if (redemption?.method === "staff") {
      const code = await sign(card, voucher.id);
      return { format: "qr", message: code, altText: customerTitle(voucher) };
    }
  }
  return undefined;
}

/** The card as its wallet pass shows it now: stamps, the rewards ready and the latest news. */
export async function cardSnapshot(
  card: PublicCard,
  pass: PassRecord,
  nowMs: number,
  sign: ScanCodeSigner,
): Promise<CardSnapshot> {
  const view = cardView(card.state, nowMs);
  const ready = view.blocked ? [] : readyRewards(card.state, nowMs);
  const barcode = card.program.wallet?.voucherBarcode
    ? await voucherBarcode(card, ready, sign)
    : undefined;
  const notice = view.blocked ? undefined : cardNotice(card.state, nowMs, pass.message);
  return {
    serialNumber: card.id,
    authenticationToken: pass.authToken,
    code: card.code,
    stamps: view.stamps,
    rewardsReady: view.rewardsReady,
    vouchers: ready.map(passVoucher),
    ...(barcode ? { barcode } : {}),
    ...(notice ? { notice } : {}),
    active: !view.blocked,
  };
}
