import type { StampEvent } from "@stamp/core";
import { useLiveQuery, useRuntime, useT } from "../app/hooks";
import type { Translator } from "../i18n/translate";
import { rejectedNewestFirst } from "../storage/live-queries";
import { Dialog, type DialogControl } from "./Dialog";
import { rejectionReason } from "./rejection-reason";

function whatItWas(t: Translator["t"], event: StampEvent): string {
  switch (event.type) {
    case "stamps.added":
      return t("rejected.stamps", { count: event.count });
    case "stamps.revoked":
      return t("rejected.undo");
    case "voucher.redeemed":
    case "reward.handed_over":
    case "voucher.revealed":
      return t("rejected.reward");
    case "card.enrolled":
    case "voucher.reminded":
    case "voucher.expired":
    case "stamps.expired":
    case "card.blocked":
    case "card.unblocked":
    case "voucher.granted":
      return event.type;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/** Events the server refused for good, with its own words, so staff can put things right. */
export function RejectedDialog({ open, onClose }: DialogControl) {
  const { t, language } = useT();
  const { db, durable } = useRuntime();
  const rows = useLiveQuery(rejectedNewestFirst);
  const time = new Intl.DateTimeFormat(language, { dateStyle: "short", timeStyle: "short" });
  return (
    <Dialog open={open} title={t("rejected.title")} onClose={onClose} wide>
      <p className="muted">{t("rejected.intro")}</p>
      <ul className="rejected-list">
        {(rows ?? []).map((row) => (
          <li key={row.id} className="rejected-list__item">
            <div className="rejected-list__what">
              <strong>{whatItWas(t, row.event)}</strong>
              <span className="muted">
                {t("rejected.card", { card: row.event.cardId.slice(-6) })} ·{" "}
                {time.format(row.rejectedAt)}
              </span>
            </div>
            <p className="rejected-list__message">
              {rejectionReason(t, row.code, row.message)} <code>{row.code}</code>
            </p>
          </li>
        ))}
      </ul>
      <div className="dialog__actions">
        <button
          type="button"
          className="button"
          onClick={() => {
            void durable(() => db.rejected.clear()).then(onClose, () => {});
          }}
        >
          {t("rejected.clear")}
        </button>
      </div>
    </Dialog>
  );
}
