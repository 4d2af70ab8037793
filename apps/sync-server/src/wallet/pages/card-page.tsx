import type { CardView, Program } from "@stamp/core";
import { raw } from "hono/html";
import type { CardLinks } from "../card-links";
import type { WalletMessages } from "../messages/wallet-messages";
import { CustomerDocument } from "./customer-document";
import { WalletBadges } from "./wallet-badges";

export interface CardPageProps {
  readonly m: WalletMessages;
  readonly merchantName: string;
  readonly program: Program;
  readonly view: CardView;
  readonly code: string;
  /** The card code's QR, as SVG markup from qrcode. */
  readonly qrSvg: string;
  /** Redeem-code QRs by voucher id, for programs that redeem with a code shown as QR. */
  readonly voucherQrs: ReadonlyMap<string, string>;
  /** The stamp strip (pass-builder's artwork) as SVG markup. */
  readonly stripSvg: string;
  readonly links: CardLinks;
  readonly etag: string;
  /** Path of the program's logo PNG. */
  readonly icon: string;
  readonly updatedAt: number;
}

function VoucherItem(props: {
  m: WalletMessages;
  voucher: CardView["vouchers"][number];
  qr: string | undefined;
}) {
  const { m, voucher } = props;
  return (
    <li class={`voucher voucher--${voucher.status}`}>
      <p class="voucher__title">{voucher.prize?.title ?? voucher.title}</p>
      <p class="voucher__status">{m.t(`card.voucher.${voucher.status}`)}</p>
      {voucher.status === "issued" && voucher.expiresAt ? (
        <p class="small muted">
          {m.t("card.voucher.until", { date: m.date(Date.parse(voucher.expiresAt)) })}
        </p>
      ) : null}
      {voucher.status === "issued" && voucher.code ? (
        <div class="qr">
          {props.qr ? raw(props.qr) : null}
          <p>
            {m.t("card.voucher.code")}: <strong class="qr__code">{voucher.code}</strong>
          </p>
        </div>
      ) : null}
    </li>
  );
}

/** The web card: what the wallet pass shows, plus vouchers, for phones with no wallet at all. */
export function CardPage(props: CardPageProps) {
  const { m, view, program } = props;
  const path = new URL(props.links.card).pathname;
  return (
    <CustomerDocument
      m={m}
      title={`${program.name} · ${props.merchantName}`}
      colors={program.design}
      path={path}
      live={{ stateUrl: `${path}/state`, etag: props.etag }}
      icon={props.icon}
      head={
        <>
          <link rel="manifest" href={`${path}/manifest.webmanifest?lang=${m.locale}`} />
          <noscript>
            <meta http-equiv="refresh" content="30" />
          </noscript>
        </>
      }
    >
      <h1>{m.t("card.title")}</h1>
      <section class="card" aria-label={program.name}>
        <p class="card__merchant">{props.merchantName}</p>
        <p class="card__name">{program.name}</p>
        <div
          class="card__strip"
          role="img"
          aria-label={m.t("card.progress", { stamps: view.stamps, goal: view.goal })}
        >
          {raw(props.stripSvg)}
        </div>
        <p class="card__progress" data-testid="progress">
          {m.t("card.progress", { stamps: view.stamps, goal: view.goal })}
        </p>
        <p class="card__reward">{program.reward.title}</p>
      </section>
      {view.blocked ? (
        <p class="error" role="alert">
          {m.t("card.blocked", { merchant: props.merchantName })}
        </p>
      ) : (
        <div class="qr">
          <p>{m.t("card.showCode")}</p>
          {raw(props.qrSvg)}
          <p class="qr__code">
            <span class="visually-hidden">{m.t("card.codeLabel")}: </span>
            {props.code}
          </p>
        </div>
      )}
      {view.vouchers.length > 0 ? (
        <>
          <h2>{m.t("card.rewards")}</h2>
          <ul class="vouchers">
            {view.vouchers.map((voucher) => (
              <VoucherItem m={m} voucher={voucher} qr={props.voucherQrs.get(voucher.id)} />
            ))}
          </ul>
        </>
      ) : null}
      <h2>{m.t("card.save")}</h2>
      <WalletBadges m={m} applePass={props.links.applePass} googleSave={props.links.googleSave} />
      <p class="muted small">{m.t("card.install")}</p>
      <p class="muted small">{m.t("card.bookmark")}</p>
      <p class="muted small updated">{m.t("card.updated", { time: m.time(props.updatedAt) })}</p>
    </CustomerDocument>
  );
}

/** A friendly page for a card id we do not know. */
export function CardNotFound(props: { m: WalletMessages; path: string }) {
  const { m } = props;
  return (
    <CustomerDocument
      m={m}
      title={m.t("card.notFound.title")}
      colors={{ background: "#1d1b19", foreground: "#ffffff", accent: "#e0a458" }}
      path={props.path}
    >
      <h1>{m.t("card.notFound.title")}</h1>
      <p>{m.t("card.notFound.body")}</p>
    </CustomerDocument>
  );
}
