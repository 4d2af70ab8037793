import {
  allVouchers,
  cardNumberFor,
  cardView,
  formatCardNumber,
  maxStampsPerScan,
  type Program,
  readyRewards,
  stampsExpiryNews,
  stampsForOrder,
  type Voucher,
  voucherStatusAt,
} from "@stamp/core";
import { useState } from "react";
import type { Decision, ShownCard } from "../../app/card-writes";
import { useSession, useT } from "../../app/hooks";
import type { WalletLost } from "../../app/session";
import {
  knownVoucher,
  redeemStillDue,
  undoableStamp,
  undoStillDue,
} from "../../cards/card-actions";
import { planStamps, type StampRequest } from "../../cards/stamp-plan";
import { type UndoImpact, undoImpact } from "../../cards/undo-impact";
import { useCard } from "../../cards/use-card";
import { classifyStorageError } from "../../storage/storage-failure";
import { CardProgress } from "../../ui/CardProgress";
import { describeStorage, describeWhyNot, formatMoney } from "../../ui/describe";
import { Icon } from "../../ui/icons";
import { RewardEarned } from "../../ui/RewardEarned";
import { RewardList, type StaffRedeemMethod, staffTitle } from "./RewardList";
import { ScannedVoucherNotice } from "./ScannedVoucherNotice";
import { UndoWarning } from "./UndoWarning";
import { WalletLostNotice } from "./WalletLostNotice";

type Feedback = { readonly tone: "ok" | "error"; readonly text: string } | null;

/** What a staff action decided on the card: saved (and how many stamps it added), or why not. */
type Done =
  | { readonly saved: true; readonly text: string; readonly added: number }
  | { readonly saved: false; readonly text: string };

/** Parses "12.50" / "12,50" into minor units for a currency with `digits` decimals. */
function toMinor(text: string, digits: number): number | null {
  const normal = text.trim().replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(normal)) return null;
  return Math.round(Number(normal) * 10 ** digits);
}

/** Staff can tell a customer why a reward is gone: those that expired in the last 30 days. */
function ExpiredRewards({ vouchers, now }: { vouchers: readonly Voucher[]; now: number }) {
  const { t, language } = useT();
  const date = new Intl.DateTimeFormat(language, { dateStyle: "medium" });
  const expired = vouchers.filter(
    (v) => voucherStatusAt(v, now) === "expired" && (v.expiresAtMs ?? 0) > now - RECENTLY_MS,
  );
  if (expired.length === 0) return null;
  return (
    <section className="expired-rewards" aria-label={t("card.expiredRewards")}>
      <h3 className="field-label">{t("card.expiredRewards")}</h3>
      <ul>
        {expired.map((v) => (
          <li key={v.id} data-testid="expired-reward">
            <strong>{staffTitle(v)}</strong>{" "}
            {t("reward.expired", { date: date.format(v.expiresAtMs ?? 0) })}
          </li>
        ))}
      </ul>
    </section>
  );
}

const RECENTLY_MS = 30 * 86_400_000;

/**
 * What staff can do with a scanned card: add stamps, take the last one back (warned when a reward
 * depends on it), hand over or redeem rewards after confirmation. Rewards come first; a voucher
 * scanned at the till (`scannedVoucher`) leads, or says why it cannot be redeemed.
 */
export function CardPanel({
  cardId,
  program,
  scannedVoucher,
  walletLost = null,
  onDone,
}: {
  readonly cardId: string;
  readonly program: Program;
  readonly scannedVoucher?: string | undefined;
  /** The card's page and why, when its wallet pass no longer updates (the server said so); null: fine. */
  readonly walletLost?: WalletLost | null;
  readonly onDone: () => void;
}) {
  const { t, language } = useT();
  const session = useSession();
  const card = useCard(cardId, program);
  // One scan adds at most what the program allows staff (stamp-core SPEC P6, R7).
  const mostPerScan = maxStampsPerScan(program, "staff");
  const defaultCount = Math.min(
    mostPerScan,
    program.earning.kind === "per-order" ? program.earning.stampsPerOrder : 1,
  );
  const [count, setCount] = useState(defaultCount);
  const [amount, setAmount] = useState("");
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [fresh, setFresh] = useState(0);
  const [saving, setSaving] = useState(false);
  const [earned, setEarned] = useState<readonly Voucher[]>([]);
  const [undoWarning, setUndoWarning] = useState<UndoImpact | null>(null);
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

  /**
   * Decides on the card and writes first, speaks after: "saved" only once IndexedDB has the events.
   * Another tab's change that memory had not heard of yet makes it decide again on the card as the
   * log holds it (`CardWrites.act`). True once saved.
   */
  const save = async (decide: (card: ShownCard) => Decision<Done>): Promise<boolean> => {
    setSaving(true);
    try {
      const { before, events, result } = await session.act(program, cardId, decide);
      if (!result.saved) {
        setFeedback({ tone: "error", text: result.text });
        return false;
      }
      setFresh(result.added);
      setFeedback({ tone: "ok", text: result.text });
      // Reaching the goal is a moment: the rewards this stamp earned, said first.
      const issued = new Set(
        before.state.vouchers.filter((v) => v.status === "issued").map((v) => v.id),
      );
      const after = session.ledger.state(program, cardId);
      const fresh = events.some((e) => e.type === "stamps.added")
        ? readyRewards(after, Date.now()).filter((v) => !issued.has(v.id))
        : [];
      setEarned(fresh);
      return true;
    } catch (error) {
      setFeedback({ tone: "error", text: describeStorage(t, classifyStorageError(error)) });
      return false;
    } finally {
      setSaving(false);
    }
  };

  const changed: Decision<Done> = {
    drafts: [],
    result: { saved: false, text: t("staff.changedMeanwhile") },
  };

  const stamp = (request: StampRequest) =>
    void save(({ state }) => {
      const plan = planStamps(program, state, "staff", request, Date.now());
      if (!plan.ok)
        return {
          drafts: [],
          result: { saved: false, text: describeWhyNot(t, plan.why, "staff", money) },
        };
      const text = t("staff.added", { count: plan.count });
      return { drafts: [plan.draft], result: { saved: true, text, added: plan.count } };
    }).then((saved) => {
      // The next customer starts from one order's stamps, not the last one's count or amount.
      if (!saved) return;
      setCount(defaultCount);
      setAmount("");
    });

  const amountMinor = toMinor(amount, digits);
  const amountPreview =
    program.earning.kind === "by-amount" && amountMinor !== null
      ? stampsForOrder(program.earning, { amount: amountMinor, currency: program.earning.currency })
      : null;

  const redeem = (voucher: Voucher, method: StaffRedeemMethod) =>
    void save(({ state }) => {
      const draft = redeemStillDue(program, state, voucher, method, Date.now());
      if (!draft) return changed;
      const text =
        voucher.kind === "simple"
          ? t("staff.handedOver", { reward: staffTitle(voucher) })
          : t("staff.redeemed", { reward: staffTitle(voucher) });
      return { drafts: [draft], result: { saved: true, text, added: 0 } };
    });

  const undo = () => {
    const target = undoable;
    if (!target) return;
    setUndoWarning(null);
    void save(({ events }) => {
      const draft = undoStillDue(events, session.device.deviceId, target, t("staff.undoReason"));
      if (!draft) return changed;
      return { drafts: [draft], result: { saved: true, text: t("staff.undone"), added: 0 } };
    });
    setFresh(0);
    setEarned([]);
  };

  if (!card.ready) {
    return (
      <div className="empty-state" role="status">
        {card.problem ? describeStorage(t, card.problem) : t("staff.loadingCard")}
      </div>
    );
  }

  const scanned =
    scannedVoucher === undefined ? null : knownVoucher(card.state, scannedVoucher, now);

  return (
    <div className="card-panel" data-testid="card-panel">
      {earned.length > 0 && <RewardEarned rewards={earned.map(staffTitle)} />}
      {scanned && <ScannedVoucherNotice known={scanned} />}
      {rewards.length > 0 && (
        <RewardList rewards={rewards} saving={saving} scanned={scannedVoucher} onRedeem={redeem} />
      )}

      <CardProgress
        program={program}
        card={view}
        fresh={fresh}
        stampsNews={stampsExpiryNews(program, card.state)}
      />
      <p className="card-panel__number">
        {t("staff.cardNumber")}{" "}
        <bdi data-testid="card-number">{formatCardNumber(cardNumberFor(cardId))}</bdi>
      </p>
      <ExpiredRewards vouchers={allVouchers(card.state)} now={now} />
      {walletLost ? <WalletLostNotice {...walletLost} /> : null}

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
              onClick={() => setCount((c) => Math.min(mostPerScan, c + 1))}
              disabled={count >= mostPerScan}
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
              const impact = undoImpact(program, card.state, card.base, card.events, undoable);
              if (impact.withdrawn.length + impact.alreadyUsed.length > 0) setUndoWarning(impact);
              else undo();
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
      <UndoWarning impact={undoWarning} onUndo={undo} onKeep={() => setUndoWarning(null)} />
    </div>
  );
}
