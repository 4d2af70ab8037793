import type { ConflictKind, StampEvent } from "@stamp/core";
import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";

/** One line a merchant can read for an event of a card's history. */
export function eventText(tr: Translator, event: StampEvent): string {
  switch (event.type) {
    case "card.enrolled":
      return tr.t("event.card.enrolled", { source: event.source });
    case "stamps.added":
      return tr.plural("event.stamps.added", event.count, { channel: event.channel });
    case "stamps.revoked":
      return tr.t("event.stamps.revoked", { reason: event.reason });
    case "voucher.redeemed":
      return tr.t("event.voucher.redeemed", { voucher: event.voucherId, method: event.method });
    case "reward.handed_over":
      return tr.t("event.reward.handed_over", { voucher: event.voucherId });
    case "voucher.revealed":
      return tr.t("event.voucher.revealed", { voucher: event.voucherId });
    case "voucher.reminded":
      return tr.t("event.voucher.reminded", { voucher: event.voucherId });
    case "voucher.expired":
      return tr.t("event.voucher.expired", { voucher: event.voucherId });
    case "stamps.expired":
      return tr.t("event.stamps.expired", { days: event.inactiveDays });
    case "card.blocked":
      return tr.t("event.card.blocked", { reason: event.reason });
    case "card.unblocked":
      return tr.t("event.card.unblocked");
    case "voucher.granted":
      return tr.t(`event.voucher.granted.${event.reason}`, { title: event.title });
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
    }
  }
}

export function conflictText(tr: Translator, kind: ConflictKind): string {
  return tr.t(`conflict.${kind}` as MessageKey);
}
