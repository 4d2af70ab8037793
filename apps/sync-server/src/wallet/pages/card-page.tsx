import type { CardView, Program, StampsExpiryNews } from "@stamp/core";
import { raw } from "hono/html";
import type { Locale } from "../../i18n/locales";
import type { Translator } from "../../i18n/translate";
import type { BusinessDetails } from "../../storage/store";
import type { CardLinks } from "../card-links";
import { BusinessContact } from "./business-contact";
import { CardProgress } from "./card-progress";
import { CustomerDocument, UnknownLinkPage } from "./customer-document";
import { InsecureNotice, type SecureAlternative } from "./insecure-notice";
import { Phrase } from "./phrase";
import { PastVoucher, ReadyVoucher, RedeemedOverlay, type VoucherVisual } from "./voucher-card";
import { WalletBadges } from "./wallet-badges";

export interface CardPageProps {
  readonly m: Translator;
  readonly merchantName: string;
  /** How to reach the merchant, at the foot of the page. */
  readonly business: BusinessDetails;
  readonly program: Program;
  readonly view: CardView;
  /** When the stamps expire for want of a visit, or that they did (stamp-core SPEC X3). */
  readonly stampsNews: StampsExpiryNews | null;
  /** The card's number as people read and type it (stamp-core SPEC N1), e.g. "482 103 756". */
  readonly number: string;
  /** The card code's QR, as SVG markup from qrcode. */
  readonly qrSvg: string;
  /** The codes each ready voucher shows, by voucher id. */
  readonly visuals: ReadonlyMap<string, VoucherVisual>;
  /** The stamp strip (pass-builder's artwork) as SVG markup. */
  readonly stripSvg: string;
  readonly links: CardLinks;
  /** The languages the program offers. */
  readonly locales: readonly Locale[];
  readonly etag: string;
  /** Path of the program's logo PNG. */
  readonly icon: string;
  /** Path of the merchant's uploaded logo, shown on the card as on the pass; none: text only. */
  readonly logo: string | null;
  readonly updatedAt: number;
  /** Served over plain HTTP: where to open it securely (the script decides whether to say so). */
  readonly insecure: SecureAlternative | null;
}

/** Confetti pieces of the "reward earned" moment; placed by CSS. */
const CONFETTI = Array.from({ length: 14 }, (_, i) => i);

/**
 * The web card: what the wallet pass shows, plus every reward and how to use it, for phones with
 * no wallet at all. A reward ready to use comes first, above the stamps.
 */
export function CardPage(props: CardPageProps) {
  const { m, view, program } = props;
  const path = new URL(props.links.card).pathname;
  const ready = view.blocked ? [] : view.vouchers.filter((v) => v.status === "issued");
  const past = view.vouchers.filter((v) => v.status !== "issued").reverse();
  return (
    <CustomerDocument
      m={m}
      title={`${program.name} · ${props.merchantName}`}
      colors={program.design}
      path={path}
      locales={props.locales}
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
      {props.insecure ? <InsecureNotice m={m} secure={props.insecure} /> : null}
      <h1>{m.t("card.title")}</h1>
      {ready.length > 0 ? (
        <section
          class="earned"
          aria-labelledby="earned-title"
          data-moment={`${view.cardId}|${ready.map((v) => `${v.id}@${v.issuedAt}`).join(",")}`}
          data-testid="rewards-ready"
        >
          <div class="earned__confetti" aria-hidden="true">
            {CONFETTI.map((i) => (
              <span style={`--i:${i}`} />
            ))}
          </div>
          <h2 id="earned-title">
            {ready.length === 1
              ? m.t("card.earned.one")
              : m.t("card.earned.many", { count: ready.length })}
          </h2>
          <ul class="vouchers">
            {ready.map((voucher) => (
              <ReadyVoucher
                m={m}
                voucher={voucher}
                visual={props.visuals.get(voucher.id) ?? {}}
                url={`${path}/vouchers/${voucher.cycle}`}
              />
            ))}
          </ul>
        </section>
      ) : null}
      <section class="card" aria-label={program.name}>
        {props.logo ? <img class="card__logo" src={props.logo} alt="" /> : null}
        <p class="card__merchant">
          <bdi>{props.merchantName}</bdi>
        </p>
        <p class="card__name">
          <bdi>{program.name}</bdi>
        </p>
        <CardProgress m={m} stamps={view.stamps} goal={view.goal} stripSvg={props.stripSvg} />
        <p class="card__reward">
          <Phrase m={m} k="card.collectingFor" params={{ reward: program.reward.title }} />
        </p>
        {props.stampsNews ? (
          <p class="card__expiry" data-testid="stamps-expiry">
            {m.t(
              props.stampsNews.kind === "expires"
                ? "card.stamps.expireOn"
                : "card.stamps.expiredOn",
              { date: m.date(props.stampsNews.atMs) },
            )}
          </p>
        ) : null}
      </section>
      {view.blocked ? (
        <p class="error" role="alert">
          <Phrase m={m} k="card.blocked" params={{ merchant: props.merchantName }} />
        </p>
      ) : null}
      {/* The wallet buttons before the code: on a phone they stay above the fold. */}
      <section class="save" aria-labelledby="save-title">
        <h2 id="save-title">{m.t("card.save")}</h2>
        <WalletBadges m={m} applePass={props.links.applePass} googleSave={props.links.googleSave} />
      </section>
      {view.blocked ? null : (
        <div class="qr">
          <p>{m.t("card.showCode")}</p>
          {raw(props.qrSvg)}
          <p class="qr__code">
            <span class="qr__label">{m.t("pass.number")}</span>{" "}
            <bdi data-testid="card-number">{props.number}</bdi>
          </p>
        </div>
      )}
      {past.length > 0 ? (
        <>
          <h2>{m.t("card.rewards")}</h2>
          <ul class="vouchers">
            {past.map((voucher) => (
              <PastVoucher m={m} voucher={voucher} />
            ))}
          </ul>
        </>
      ) : null}
      <p class="muted small">{m.t("card.install")}</p>
      <p class="muted small">{m.t("card.bookmark")}</p>
      <p class="muted small updated">{m.t("card.updated", { time: m.time(props.updatedAt) })}</p>
      <BusinessContact m={m} merchantName={props.merchantName} business={props.business} />
      <RedeemedOverlay m={m} />
    </CustomerDocument>
  );
}

/** A friendly page for a card id we do not know. */
export function CardNotFound(props: { m: Translator; path: string }) {
  const { m } = props;
  return (
    <UnknownLinkPage
      m={m}
      path={props.path}
      title={m.t("card.notFound.title")}
      body={m.t("card.notFound.body")}
    />
  );
}
