import { cardView, type Program, readyRewards, stampsForOrder, type Voucher } from "@stamp/core";
import { useState } from "react";
import { useSession, useT } from "../../app/hooks";
import { redeemDraft, undoableStamp, undoDraft } from "../../cards/card-actions";
import { planStamps, type StampRequest } from "../../cards/stamp-plan";
import { useCard } from "../../cards/use-card";
import type { EventDraft } from "../../storage/event-writer";
import { classifyStorageError } from "../../storage/storage-failure";
import { CardProgress } from "../../ui/CardProgress";
import { describeStorage, describeWhyNot, formatMoney } from "../../ui/describe";
import { Icon } from "../../ui/icons";

type Feedback = { readonly tone: "ok" | "error"; readonly text: string } | null;

/** Parses "12.50" / "12,50" into minor units for a currency with `digits` decimals. */
function toMinor(text: string, digits: number): number | null {
  const normal = text.trim().replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(normal)) return null;
  return Math.round(Number(normal) * 10 ** digits);
}

/** What staff can do with a scanned card: add stamps, take the last one back, hand over rewards. */
export function CardPanel({
  cardId,
  program,
  onDone,
}: {
  readonly cardId: string;
  readonly program: Program;
  readonly onDone: () => void;
}) {
  const { t, language } = useT();
  const session = useSession();
  const card = useCard(cardId, program);
  const [count, setCount] = useState(
    program.earning.kind === "per-order" ? program.earning.stampsPerOrder : 1,
  );
  const [amount, setAmount] = useState("");
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [fresh, setFresh] = useState(0);
  const [saving, setSaving] = useState(false);
  const now = Date.now();
  const view = cardView(card.state, now);
  const rewards = readyRewards(card.state, now);
  const undoable = undoableStamp(card.events, session.device.deviceId);
  const currency = program.earning.kind === "by-amount" ? program.earning.currency : null;
  const digits = currency
    ? (new Intl.NumberFormat(language, { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2)
    : 2;
  const money = (minor: number) =>
    currency ? formatMoney(language, currency, minor) : String(minor);

  /** Writes first, speaks after: "added" only once IndexedDB has the event. */
  const save = async (drafts: EventDraft[], done: string, added: number) => {
    setSaving(true);
    try {
      await session.record(drafts);
      setFresh(added);
      setFeedback({ tone: "ok", text: done });
    } catch (error) {
      setFeedback({ tone: "error", text: describeStorage(t, classifyStorageError(error)) });
    } finally {
      setSaving(false);
    }
  };

  const stamp = (request: StampRequest) => {
    const plan = planStamps(program, card.state, "staff", request, Date.now());
    if (!plan.ok) {
      setFeedback({ tone: "error", text: describeWhyNot(t, plan.why, "staff", money) });
      return;
    }
    void save([plan.draft], t("staff.added", { count: plan.count }), plan.count);
  };

  const amountMinor = toMinor(amount, digits);
  const amountPreview =
    program.earning.kind === "by-amount" && amountMinor !== null
      ? stampsForOrder(program.earning, { amount: amountMinor, currency: program.earning.currency })
      : null;

  const redeem = (voucher: Voucher) =>
    void save(
      [redeemDraft(program, card.state, voucher)],
      voucher.kind === "simple"
        ? t("staff.handedOver", { reward: voucher.title })
        : t("staff.redeemed", { reward: voucher.title }),
      0,
    );

  if (!card.ready) {
    return (
      <div className="empty-state" role="status">
        {card.problem ? describeStorage(t, card.problem) : t("staff.loadingCard")}
      </div>
    );
  }

  return (
    <div className="card-panel" data-testid="card-panel">
      <CardProgress program={program} card={view} fresh={fresh} />

      {rewards.length > 0 && (
        <section className="rewards" aria-label={t("staff.rewardsTitle")}>
          {rewards.map((voucher) => (
            <div key={voucher.id} className="reward">
              <Icon name="gift" size={32} />
              <div className="reward__text">
                <strong>{voucher.prize?.title ?? voucher.title}</strong>
                <span>
                  {t("staff.rewardReady")}
                  {voucher.code && (
                    <>
                      {" · "}
                      <code>{voucher.code}</code>
                    </>
                  )}
                </span>
              </div>
              <button
                type="button"
                className="button button--accent"
                disabled={saving}
                onClick={() => redeem(voucher)}
              >
                {voucher.kind === "simple" ? t("staff.handOver") : t("staff.redeem")}
              </button>
            </div>
          ))}
        </section>
      )}

      <section className="actions" aria-label={t("staff.actionsTitle")}>
        {program.earning.kind === "by-amount" && (
          <form
            className="amount"
            onSubmit={(event) => {
              event.preventDefault();
              if (amountMinor === null) {
                setFeedback({ tone: "error", text: t("earning.invalidAmount") });
                return;
              }
              stamp({ kind: "amount", amount: amountMinor });
              setAmount("");
            }}
          >
            <label className="field-label" htmlFor="amount-input">
              {t("staff.amountLabel", { currency: currency ?? "" })}
            </label>
            <div className="amount__row">
              <input
                id="amount-input"
                className="input input--large"
                inputMode="decimal"
                value={amount}
                onChange={(event) => setAmount(event.target.value)}
                placeholder={money(0)}
                autoComplete="off"
              />
              <button
                type="submit"
                className="button button--primary button--large"
                disabled={saving || amountMinor === null}
              >
                {amountPreview?.ok
                  ? t("staff.addCount", { count: amountPreview.count })
                  : t("staff.addByAmount")}
              </button>
            </div>
            <p className="muted">
              {t("staff.amountRule", { amount: money(program.earning.unitAmount) })}
            </p>
          </form>
        )}

        <div className="stamp-actions">
          <button
            type="button"
            className="button button--primary button--huge"
            disabled={saving}
            onClick={() => stamp({ kind: "count", count })}
            data-testid="add-stamps"
          >
            <Icon name="plus" size={28} />
            {t("staff.addCount", { count })}
          </button>
          <fieldset className="stepper" aria-label={t("staff.howMany")}>
            <button
              type="button"
              className="stepper__button"
              onClick={() => setCount((c) => Math.max(1, c - 1))}
              disabled={count <= 1}
              aria-label={t("staff.fewer")}
            >
              <Icon name="minus" />
            </button>
            <output className="stepper__value" aria-live="polite">
              {count}
            </output>
            <button
              type="button"
              className="stepper__button"
              onClick={() => setCount((c) => Math.min(program.goal * 5, c + 1))}
              aria-label={t("staff.more")}
            >
              <Icon name="plus" />
            </button>
          </fieldset>
        </div>

        <div className="secondary-actions">
          <button
            type="button"
            className="button"
            disabled={saving || !undoable}
            onClick={() => {
              if (!undoable) return;
              void save([undoDraft(undoable, t("staff.undoReason"))], t("staff.undone"), 0);
              setFresh(0);
            }}
            data-testid="undo"
          >
            <Icon name="undo" size={20} />
            {t("staff.undo")}
          </button>
          <button type="button" className="button" onClick={onDone} data-testid="next-card">
            <Icon name="scan" size={20} />
            {t("staff.nextCard")}
          </button>
        </div>
      </section>

      <p
        className={`feedback ${feedback ? `feedback--${feedback.tone}` : ""}`}
        role="status"
        aria-live="polite"
        data-testid="feedback"
      >
        {feedback && <Icon name={feedback.tone === "ok" ? "check" : "alert"} size={20} />}
        {feedback?.text}
      </p>
    </div>
  );
}
