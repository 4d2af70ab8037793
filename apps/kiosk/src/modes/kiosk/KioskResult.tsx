import { type Program, rewardAt, type VoucherView } from "@stamp/core";
import { useT } from "../../app/hooks";
import { CardProgress } from "../../ui/CardProgress";
import { describeCardRefusal, describeStorage, describeWhyNot } from "../../ui/describe";
import { describeVoucherOutcome, rewardTitle } from "../../ui/describe-voucher";
import { Icon } from "../../ui/icons";
import { PrizeReel } from "../../ui/PrizeReel";
import { RewardEarned } from "../../ui/RewardEarned";
import type { UnattendedResult } from "../unattended-stamp";

/** What the kiosk shows after a scan, in words for the customer in front of it. */
export function KioskResult({
  result,
  onDone,
  money,
}: {
  readonly result: UnattendedResult;
  readonly onDone: () => void;
  readonly money: (currency: string, minor: number) => string;
}) {
  const { t, language } = useT();
  switch (result.kind) {
    case "stamped": {
      const reward = result.newRewards[0];
      return (
        <div
          className="kiosk__result kiosk__result--ok"
          data-testid="kiosk-result"
          data-kind="stamped"
        >
          {reward ? (
            // Reaching the goal: the reward first, the card below it.
            <>
              <RewardEarned rewards={result.newRewards.map((v) => v.title)} size="huge" />
              <KioskReward program={result.program} voucher={reward} />
            </>
          ) : (
            <h1 className="kiosk__headline">
              <Icon name="check" size={48} strokeWidth={3} />
              {t("kiosk.stamped", { count: result.count })}
            </h1>
          )}
          <CardProgress
            program={result.program}
            card={result.card}
            fresh={reward ? 0 : result.count}
            size="huge"
          />
          <button type="button" className="button button--large" onClick={onDone}>
            {t("kiosk.done")}
          </button>
        </div>
      );
    }
    case "voucher":
      return result.outcome === "ready" && result.voucher ? (
        <div
          className="kiosk__result kiosk__result--ok"
          data-testid="kiosk-result"
          data-kind="voucher"
        >
          <h1 className="kiosk__headline">
            <Icon name="gift" size={48} />
            {t("kiosk.voucherHeadline")}
          </h1>
          <p className="kiosk__reward">{result.voucher.title}</p>
          <KioskReward program={result.program} voucher={result.voucher} />
          <button type="button" className="button button--large" onClick={onDone}>
            {t("kiosk.done")}
          </button>
        </div>
      ) : (
        <ErrorResult
          kind="voucher"
          headline={result.voucher ? rewardTitle(result.voucher) : t("reward.scanned")}
          message={describeVoucherOutcome(t, language, result.outcome, result.voucher)}
          done={t("kiosk.done")}
          onDone={onDone}
        />
      );
    case "refused": {
      const currency =
        result.program.earning.kind === "by-amount" ? result.program.earning.currency : "EUR";
      return (
        <div
          className="kiosk__result kiosk__result--wait"
          data-testid="kiosk-result"
          data-kind="refused"
        >
          <h1 className="kiosk__headline">
            {/* "Nearly there!" cheers progress: a card with no stamp yet has none to cheer. */}
            {result.card.stamps > 0 ? t("kiosk.refusedHeadline") : t("kiosk.refusedHeadlineNew")}
          </h1>
          <p className="kiosk__message">
            {describeWhyNot(t, result.why, "customer", (minor) => money(currency, minor))}
          </p>
          <CardProgress program={result.program} card={result.card} size="huge" />
          <button type="button" className="button button--large" onClick={onDone}>
            {t("kiosk.done")}
          </button>
        </div>
      );
    }
    case "invalid":
      return (
        <ErrorResult
          kind="invalid"
          headline={t("kiosk.invalidHeadline")}
          message={describeCardRefusal(t, result.refusal)}
          done={t("kiosk.done")}
          onDone={onDone}
        />
      );
    case "not-saved":
      return (
        <ErrorResult
          kind="not-saved"
          headline={t("kiosk.notSavedHeadline")}
          message={describeStorage(t, result.problem)}
          done={t("kiosk.done")}
          onDone={onDone}
        />
      );
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

/**
 * A reward the customer sees at the kiosk: a lottery prize spins to the one the log derives (the
 * kiosk recorded the reveal); any reward is then shown to the staff to get it.
 */
function KioskReward({
  program,
  voucher,
}: {
  readonly program: Program;
  readonly voucher: VoucherView;
}) {
  const { t } = useT();
  const reward = rewardAt(program, voucher.programVersion);
  return (
    <>
      {voucher.prize && reward.kind === "lottery" && (
        <PrizeReel prizes={reward.prizes.map((p) => p.title)} winner={voucher.prize.title} />
      )}
      <p className="kiosk__message">{t("kiosk.showStaff")}</p>
    </>
  );
}

/** A result the customer cannot fix by scanning again right away: what happened, and "Done". */
function ErrorResult(props: {
  readonly kind: "invalid" | "not-saved" | "voucher";
  readonly headline: string;
  readonly message: string;
  readonly done: string;
  readonly onDone: () => void;
}) {
  return (
    <div
      className="kiosk__result kiosk__result--error"
      data-testid="kiosk-result"
      data-kind={props.kind}
    >
      <h1 className="kiosk__headline">{props.headline}</h1>
      <p className="kiosk__message">{props.message}</p>
      <button type="button" className="button button--large" onClick={props.onDone}>
        {props.done}
      </button>
    </div>
  );
}
