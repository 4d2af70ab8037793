import { hlcMillis } from "@stamp/core";
import { useT } from "../../app/hooks";
import type { KnownVoucher } from "../../cards/card-actions";
import { Icon } from "../../ui/icons";
import { staffTitle } from "./RewardList";

/**
 * A scanned voucher that cannot be redeemed, as far as this till knows: already redeemed (when
 * and how), expired, withdrawn, or not seen here yet. Ready vouchers go to the reward list.
 */
export function ScannedVoucherNotice({ known }: { readonly known: KnownVoucher }) {
  const { t, language } = useT();
  const date = new Intl.DateTimeFormat(language, { dateStyle: "medium" });
  const time = new Intl.DateTimeFormat(language, { timeStyle: "short" });
  let text: string;
  let title = t("reward.scanned");
  if (known.kind === "unknown") text = t("reward.notKnown");
  else {
    const { voucher } = known;
    title = staffTitle(voucher);
    switch (known.status) {
      case "issued":
        return null;
      case "redeemed": {
        const at = hlcMillis(voucher.redeemedAt ?? voucher.issuedAt);
        text = t("reward.alreadyRedeemed", { date: date.format(at), time: time.format(at) });
        break;
      }
      case "expired":
        text = t("reward.expired", { date: date.format(voucher.expiresAtMs ?? 0) });
        break;
      case "withdrawn":
        text = t("reward.withdrawn");
        break;
      default: {
        const unreachable: never = known.status;
        return unreachable;
      }
    }
  }
  return (
    <div className="notice notice--error" role="alert" data-testid="voucher-notice">
      <Icon name="alert" size={28} />
      <div>
        <strong>{title}</strong>
        <p>{text}</p>
      </div>
    </div>
  );
}
