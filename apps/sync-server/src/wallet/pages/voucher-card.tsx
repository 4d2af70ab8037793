import { customerTitle, hlcMillis, type VoucherView } from "@stamp/core";
import { raw } from "hono/html";
import type { Translator } from "../../i18n/translate";

/** The codes a ready voucher shows, drawn as SVG by the route. */
export interface VoucherVisual {
  /** Its redeem code as QR, Code 128 or EAN-13 (stamp-core R5), when the format draws one. */
  readonly code?: string;
  /** Its signed scan code (S6) and that code as QR, for staff-scan vouchers. */
  readonly scan?: { readonly text: string; readonly svg: string };
}

function Dates(props: { m: Translator; voucher: VoucherView }) {
  const { m, voucher } = props;
  return (
    <p class="voucher__dates small">
      <span>{m.t("card.earned.on", { date: m.date(hlcMillis(voucher.issuedAt)) })}</span>
      {voucher.expiresAt ? (
        <span>{m.t("card.voucher.until", { date: m.date(Date.parse(voucher.expiresAt)) })}</span>
      ) : null}
    </p>
  );
}

function HoldToRedeem(props: { m: Translator; voucher: VoucherView; url: string }) {
  const { m, voucher } = props;
  const hint = `hold-hint-${voucher.cycle}`;
  return (
    <div class="hold">
      <p>{m.t("card.voucher.self")}</p>
      <button
        type="button"
        class="hold__button"
        data-hold-redeem={props.url}
        data-reward={customerTitle(voucher)}
        aria-describedby={hint}
        data-testid="hold-to-redeem"
      >
        <svg class="hold__ring" viewBox="0 0 36 36" aria-hidden="true">
          <circle class="hold__track" cx="18" cy="18" r="16" />
          <circle class="hold__fill" cx="18" cy="18" r="16" />
        </svg>
        <span>{m.t("card.hold")}</span>
      </button>
      <p id={hint} class="small muted">
        {m.t("card.holdHint")}
      </p>
      <noscript>
        <p class="small">{m.t("card.voucher.simple")}</p>
      </noscript>
      <p class="error" role="alert" data-error hidden />
    </div>
  );
}

function Scratch(props: { m: Translator; voucher: VoucherView; url: string }) {
  const { m } = props;
  return (
    <div
      class="scratch"
      data-reveal={props.url}
      data-won={m.t("card.lottery.won", { prize: "{prize}" })}
      data-offline={m.t("card.lottery.offline")}
      data-failed={m.t("card.error")}
    >
      <div class="scratch__area">
        <p class="scratch__prize" aria-live="polite" data-prize data-testid="prize">
          ?
        </p>
        <div class="scratch__cover" aria-hidden="true">
          <canvas width="320" height="120" data-label={m.t("card.lottery.scratch")} />
        </div>
      </div>
      <button type="button" class="button" data-reveal-button>
        {m.t("card.lottery.reveal")}
      </button>
      <p class="error" role="alert" data-error hidden />
    </div>
  );
}

/** How this voucher is used, as promised when it was earned (stamp-core SPEC T3). */
function Redeem(props: {
  m: Translator;
  voucher: VoucherView;
  visual: VoucherVisual;
  url: string;
}) {
  const { m, voucher, visual } = props;
  const redemption = voucher.redemption;
  if (!redemption) return <p>{m.t("card.voucher.simple")}</p>;
  switch (redemption.method) {
    case "self":
      return <HoldToRedeem m={m} voucher={voucher} url={`${props.url}/redeem`} />;
    case "staff":
      return (
        <div class="voucher__code">
          <p>{m.t("card.voucher.staffScan")}</p>
          {visual.scan ? (
            <div
              class="barcode barcode--qr"
              role="img"
              aria-label={m.t("card.voucher.staffScan")}
              data-code={visual.scan.text}
              data-testid="scan-code"
            >
              {raw(visual.scan.svg)}
            </div>
          ) : null}
        </div>
      );
    case "code":
      return (
        <div class="voucher__code">
          <p>{m.t("card.voucher.codeHint")}</p>
          {visual.code ? (
            <div
              class={`barcode barcode--${redemption.format}`}
              role="img"
              aria-label={`${m.t("card.voucher.code")}: ${voucher.code ?? ""}`}
            >
              {raw(visual.code)}
            </div>
          ) : null}
          <p>
            {m.t("card.voucher.code")}:{" "}
            <strong class="voucher__text-code" data-testid="redeem-code">
              {voucher.code}
            </strong>
          </p>
        </div>
      );
    default: {
      const unreachable: never = redemption;
      throw new Error(`unknown redemption ${JSON.stringify(unreachable)}`);
    }
  }
}

/** A reward ready to use: what it is, when it was earned, until when, and how to use it. */
export function ReadyVoucher(props: {
  m: Translator;
  voucher: VoucherView;
  visual: VoucherVisual;
  /** `/c/<cardId>/vouchers/<cycle>`: where the card's scripts send redemptions and reveals. */
  url: string;
}) {
  const { m, voucher } = props;
  const hidden = voucher.prize !== undefined && voucher.revealedAt === undefined;
  return (
    <li class="voucher voucher--issued" data-testid="ready-voucher" data-cycle={voucher.cycle}>
      <p class="voucher__title">{customerTitle(voucher)}</p>
      <Dates m={m} voucher={voucher} />
      {hidden ? (
        <Scratch m={m} voucher={voucher} url={`${props.url}/reveal`} />
      ) : (
        <Redeem m={m} voucher={voucher} visual={props.visual} url={props.url} />
      )}
    </li>
  );
}

/** A reward used, expired or withdrawn: kept in the list so the customer sees what became of it. */
export function PastVoucher(props: { m: Translator; voucher: VoucherView }) {
  const { m, voucher } = props;
  const redeemedAt = voucher.redeemedAt === undefined ? null : hlcMillis(voucher.redeemedAt);
  return (
    <li class={`voucher voucher--${voucher.status}`} data-testid="past-voucher">
      <p class="voucher__title">{customerTitle(voucher)}</p>
      <p class="voucher__status">
        {redeemedAt !== null
          ? m.t("card.voucher.usedOn", { date: m.date(redeemedAt), time: m.time(redeemedAt) })
          : voucher.status === "expired" && voucher.expiresAt
            ? m.t("card.voucher.expiredOn", { date: m.date(Date.parse(voucher.expiresAt)) })
            : m.t(`card.voucher.${voucher.status}`)}
      </p>
      <p class="small muted">
        {m.t("card.earned.on", { date: m.date(hlcMillis(voucher.issuedAt)) })}
      </p>
    </li>
  );
}

/** The confirmation a self-redemption shows: animated, with a running clock, so a screenshot shows. */
export function RedeemedOverlay(props: { m: Translator }) {
  const { m } = props;
  return (
    <div
      class="redeemed"
      id="redeemed"
      hidden
      role="dialog"
      aria-modal="true"
      aria-labelledby="redeemed-title"
      data-at={m.t("card.redeemed.at", { time: "{time}" })}
      data-testid="redeemed"
    >
      <div class="redeemed__glow" aria-hidden="true" />
      <div class="redeemed__body">
        <p class="redeemed__check" aria-hidden="true">
          ✓
        </p>
        <h2 id="redeemed-title">{m.t("card.redeemed.title")}</h2>
        <p class="redeemed__reward" data-reward />
        <p class="redeemed__clock" data-clock />
        <p data-when />
        <p class="small" data-live>
          {m.t("card.redeemed.live")}
        </p>
        <p class="small" data-offline hidden>
          {m.t("card.redeemed.offline")}
        </p>
        <button type="button" class="button" data-close>
          {m.t("card.redeemed.done")}
        </button>
      </div>
    </div>
  );
}
