import { hlcMillis, type VoucherView } from "@stamp/core";
import type { VoucherScanOutcome } from "../cards/voucher-scan";
import type { Translator } from "../i18n/translate";

/** A voucher's title as the till shows it: a lottery voucher's prize, else its reward. */
export function rewardTitle(voucher: VoucherView): string {
  return voucher.prize?.title ?? voucher.title;
}

/** What happened to a scanned voucher, in a sentence for the screen (dates in the reader's language). */
export function describeVoucherOutcome(
  t: Translator["t"],
  language: string,
  outcome: VoucherScanOutcome,
  voucher: VoucherView | null,
): string {
  const date = new Intl.DateTimeFormat(language, { dateStyle: "medium" });
  const time = new Intl.DateTimeFormat(language, { timeStyle: "short" });
  switch (outcome) {
    case "redeemed":
      return t("reward.method.simple");
    case "ready":
      return t("kiosk.showStaff");
    case "used": {
      const at = hlcMillis(voucher?.redeemedAt ?? voucher?.issuedAt ?? "");
      return t("reward.alreadyRedeemed", { date: date.format(at), time: time.format(at) });
    }
    case "expired":
      return t("reward.expired", { date: date.format(Date.parse(voucher?.expiresAt ?? "")) });
    case "withdrawn":
      return t("reward.withdrawn");
    case "unknown":
      return t("reward.notKnown");
    case "self":
      return t("autopilot.voucherSelf");
    case "code":
      return t("autopilot.voucherCode");
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}
