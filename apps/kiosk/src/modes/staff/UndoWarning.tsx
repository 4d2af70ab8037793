import { useT } from "../../app/hooks";
import type { UndoImpact } from "../../cards/undo-impact";
import { Dialog } from "../../ui/Dialog";
import { staffTitle } from "./RewardList";

/** Before an undo that a reward depended on: what will happen, and a way to keep the stamp. */
export function UndoWarning(props: {
  readonly impact: UndoImpact | null;
  readonly onUndo: () => void;
  readonly onKeep: () => void;
}) {
  const { t } = useT();
  const { impact } = props;
  return (
    <Dialog open={impact !== null} title={t("undo.warn.title")} onClose={props.onKeep}>
      {impact && (
        <>
          {impact.withdrawn.map((voucher) => (
            <p key={voucher.id}>{t("undo.warn.withdrawn", { reward: staffTitle(voucher) })}</p>
          ))}
          {impact.alreadyUsed.map((voucher) => (
            <p key={voucher.id}>{t("undo.warn.alreadyUsed", { reward: staffTitle(voucher) })}</p>
          ))}
          <div className="dialog__actions">
            <button
              type="button"
              className="button"
              onClick={props.onKeep}
              data-testid="keep-stamp"
            >
              {t("undo.warn.keep")}
            </button>
            <button
              type="button"
              className="button button--danger"
              onClick={props.onUndo}
              data-testid="undo-anyway"
            >
              {t("undo.warn.confirm")}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
