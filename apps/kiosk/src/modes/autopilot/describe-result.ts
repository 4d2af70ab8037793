import type { Translator } from "../../i18n/translate";
import {
  describeCardRefusal,
  describeStorage,
  describeWhyNot,
  formatMoney,
} from "../../ui/describe";
import { describeVoucherOutcome, rewardTitle } from "../../ui/describe-voucher";
import type { UnattendedResult } from "../unattended-stamp";

/** Title and detail of an autopilot scan for the big status panel (staff-facing wording). */
export function describeResult(
  t: Translator["t"],
  result: UnattendedResult,
  language: string,
): { title: string; detail: string } {
  switch (result.kind) {
    case "stamped": {
      const reward = result.newRewards[0];
      return {
        title: t("autopilot.stamped", { count: result.count }),
        detail: reward
          ? t("autopilot.rewardReady", { reward: rewardTitle(reward) })
          : t("card.progress", { count: result.card.stamps, goal: result.card.goal }),
      };
    }
    case "refused": {
      const earning = result.program.earning;
      const currency = earning.kind === "by-amount" ? earning.currency : "EUR";
      return {
        title: t("autopilot.refused"),
        detail: describeWhyNot(t, result.why, "staff", (minor) =>
          formatMoney(language, currency, minor),
        ),
      };
    }
    case "voucher":
      return {
        title:
          result.outcome === "redeemed" && result.voucher
            ? t("autopilot.voucherRedeemed", { reward: rewardTitle(result.voucher) })
            : t("autopilot.voucherRefused"),
        detail: describeVoucherOutcome(t, language, result.outcome, result.voucher),
      };
    case "invalid":
      return { title: t("autopilot.invalid"), detail: describeCardRefusal(t, result.refusal) };
    case "not-saved":
      return { title: t("autopilot.notSaved"), detail: describeStorage(t, result.problem) };
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}
