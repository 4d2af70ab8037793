import {
  cardView,
  customerTitle,
  formatCardNumber,
  hexKey,
  hlcMillis,
  ROTATING_CODE,
  readyRewards,
  rotatingCardKey,
  rotatingValuePattern,
  type Voucher,
} from "@stamp/core";
import type {
  CardSnapshot,
  CardVoucher,
  PassBarcode,
  RotatingBarcodeInput,
} from "@stamp/pass-builder";
import type { PassRecord, PublicCard } from "../storage/wallet-store";
import type { PassCodes, ScanCodeSigner } from "../vouchers/scan-code";
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

/** Google's rotating barcode of the card (SPEC P8, K9–K10): its code, then its TOTP value. */
async function rotatingBarcode(card: PublicCard, codes: PassCodes): Promise<RotatingBarcodeInput> {
  const secret = await codes.rotatingSecret(card.merchantId);
  return {
    valuePattern: rotatingValuePattern(card.code),
    totpKey: hexKey(rotatingCardKey(secret, card.id)),
    periodMillis: ROTATING_CODE.periodSeconds * 1000,
    digits: ROTATING_CODE.digits,
  };
}

/** The card as its wallet pass shows it now: stamps, the rewards ready and the latest news. */
export async function cardSnapshot(
  card: PublicCard,
  pass: PassRecord,
  nowMs: number,
  codes: PassCodes,
): Promise<CardSnapshot> {
  const view = cardView(card.state, nowMs);
  const ready = view.blocked ? [] : readyRewards(card.state, nowMs);
  const barcode = card.program.wallet?.voucherBarcode
    ? await voucherBarcode(card, ready, codes.signScanCode)
    : undefined;
  const notice = view.blocked ? undefined : cardNotice(card.state, nowMs, pass.message);
  return {
    serialNumber: card.id,
    authenticationToken: pass.authToken,
    code: card.code,
    number: formatCardNumber(card.number),
    stamps: view.stamps,
    rewardsReady: view.rewardsReady,
    vouchers: ready.map(passVoucher),
    ...(barcode ? { barcode } : {}),
    ...(card.program.wallet?.rotatingBarcode
      ? { rotatingBarcode: await rotatingBarcode(card, codes) }
      : {}),
    ...(notice ? { notice } : {}),
    active: !view.blocked,
  };
}
