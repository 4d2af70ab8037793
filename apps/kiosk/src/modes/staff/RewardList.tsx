import { hlcMillis, type Voucher } from "@stamp/core";
import { useId, useState } from "react";
import { useT } from "../../app/hooks";
import { codeMatches } from "../../cards/card-actions";
import type { MessageKey } from "../../i18n/catalog";
import { Dialog } from "../../ui/Dialog";
import { Icon } from "../../ui/icons";

export type StaffRedeemMethod = "staff" | "code";

/**
 * When a reward was earned — or, for a treat the server granted, why and when (stamp-core SPEC G1) —
 * and until when it is valid: how two rewards on one card are told apart.
 */
export function RewardDates({ voucher }: { readonly voucher: Voucher }) {
  const { t, language } = useT();
  const date = new Intl.DateTimeFormat(language, { dateStyle: "medium" });
  return (
    <span className="reward__dates">
      <span>
        {t(
          voucher.grantReason === undefined
            ? "reward.earnedOn"
            : `reward.granted.${voucher.grantReason}`,
          { date: date.format(hlcMillis(voucher.issuedAt)) },
        )}
      </span>
      {voucher.expiresAtMs !== undefined && (
        <span>{t("reward.validUntil", { date: date.format(voucher.expiresAtMs) })}</span>
      )}
    </span>
  );
}

/** Staff see a lottery voucher's prize; the customer may not have revealed it yet. */
export function staffTitle(voucher: Voucher): string {
  return voucher.prize?.title ?? voucher.title;
}

function methodHint(voucher: Voucher): MessageKey {
  switch (voucher.redemption?.method) {
    case undefined:
      return "reward.method.simple";
    case "self":
      return "reward.method.self";
    case "staff":
      return "reward.method.staff";
    case "code":
      return "reward.method.code";
    default: {
      const unreachable: never = voucher.redemption;
      return unreachable;
    }
  }
}

/** A redeem-code voucher is checked against the customer's code, typed or scanned into the field. */
function CodeCheck(props: {
  readonly voucher: Voucher;
  readonly disabled: boolean;
  readonly onMatch: () => void;
}) {
  const { t } = useT();
  const id = useId();
  const [typed, setTyped] = useState("");
  const [wrong, setWrong] = useState(false);
  return (
    <form
      className="reward__code"
      onSubmit={(event) => {
        event.preventDefault();
        if (codeMatches(props.voucher, typed)) {
          setWrong(false);
          setTyped("");
          props.onMatch();
        } else setWrong(true);
      }}
    >
      <label htmlFor={id} className="field-label">
        {t("reward.codeLabel", { reward: staffTitle(props.voucher) })}
      </label>
      <div className="manual-entry__row">
        <input
          id={id}
          className="input"
          value={typed}
          onChange={(event) => {
            setTyped(event.target.value);
            setWrong(false);
          }}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          aria-invalid={wrong}
          aria-describedby={wrong ? `${id}-wrong` : undefined}
          data-testid="reward-code"
        />
        <button
          type="submit"
          className="button button--accent"
          disabled={props.disabled || typed.trim() === ""}
        >
          {t("reward.codeCheck")}
        </button>
      </div>
      {wrong && (
        <p id={`${id}-wrong`} className="feedback feedback--error" role="alert">
          <Icon name="alert" size={18} />
          {t("reward.codeWrong")}
        </p>
      )}
    </form>
  );
}

/**
 * The card's rewards ready to use, newest moment first in the panel: each says when it was earned,
 * until when it is valid and how it is redeemed; redeeming asks for confirmation, and a
 * redeem-code voucher first needs the customer's code.
 */
export function RewardList(props: {
  readonly rewards: readonly Voucher[];
  readonly saving: boolean;
  /** A voucher just scanned at the till: shown first, its confirmation already open. */
  readonly scanned?: string | undefined;
  readonly onRedeem: (voucher: Voucher, method: StaffRedeemMethod) => void;
}) {
  const { t } = useT();
  const [confirming, setConfirming] = useState<{
    voucher: Voucher;
    method: StaffRedeemMethod;
  } | null>(() => {
    const scanned = props.rewards.find((v) => v.id === props.scanned);
    return scanned && scanned.redemption?.method !== "code"
      ? { voucher: scanned, method: "staff" }
      : null;
  });
  const ordered = [
    ...props.rewards.filter((v) => v.id === props.scanned),
    ...props.rewards.filter((v) => v.id !== props.scanned),
  ];
  const handOver = confirming?.voucher.kind === "simple";
  return (
    <section className="rewards" aria-label={t("staff.rewardsTitle")} data-testid="rewards">
      {ordered.map((voucher) => (
        <div
          key={voucher.id}
          className={voucher.id === props.scanned ? "reward reward--scanned" : "reward"}
          data-testid="reward"
        >
          <Icon name="gift" size={32} />
          <div className="reward__text">
            <strong>{staffTitle(voucher)}</strong>
            <RewardDates voucher={voucher} />
            <span className="reward__hint">{t(methodHint(voucher))}</span>
            {voucher.prize && voucher.revealedAt === undefined && (
              <span className="reward__hint">{t("reward.prizeHidden")}</span>
            )}
            {voucher.redemption?.method === "code" && (
              <CodeCheck
                voucher={voucher}
                disabled={props.saving}
                onMatch={() => setConfirming({ voucher, method: "code" })}
              />
            )}
          </div>
          {voucher.redemption?.method !== "code" && (
            <button
              type="button"
              className="button button--accent"
              disabled={props.saving}
              onClick={() => setConfirming({ voucher, method: "staff" })}
              data-testid="redeem"
            >
              {voucher.kind === "simple" ? t("staff.handOver") : t("staff.redeem")}
            </button>
          )}
        </div>
      ))}
      <Dialog
        open={confirming !== null}
        title={
          confirming
            ? t(handOver ? "reward.confirm.handOver" : "reward.confirm.redeem", {
                reward: staffTitle(confirming.voucher),
              })
            : ""
        }
        onClose={() => setConfirming(null)}
      >
        {confirming && (
          <>
            <p>
              <RewardDates voucher={confirming.voucher} />
            </p>
            <p>{t("reward.confirm.body")}</p>
            <div className="dialog__actions">
              <button type="button" className="button" onClick={() => setConfirming(null)}>
                {t("common.cancel")}
              </button>
              <button
                type="button"
                className="button button--primary"
                data-testid="confirm-redeem"
                onClick={() => {
                  props.onRedeem(confirming.voucher, confirming.method);
                  setConfirming(null);
                }}
              >
                {t(handOver ? "reward.confirm.handOverYes" : "reward.confirm.redeemYes")}
              </button>
            </div>
          </>
        )}
      </Dialog>
    </section>
  );
}
