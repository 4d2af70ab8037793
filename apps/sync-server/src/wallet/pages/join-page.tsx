import type { Program } from "@stamp/core";
import { raw } from "hono/html";
import type { Locale } from "../../i18n/locales";
import type { Translator } from "../../i18n/translate";
import type { BusinessDetails } from "../../storage/store";
import type { WalletMessageKey } from "../messages/en";
import { BusinessContact } from "./business-contact";
import { CustomerDocument, UnknownLinkPage } from "./customer-document";
import { Phrase } from "./phrase";

export interface JoinForm {
  readonly name: string;
  readonly email: string;
  readonly birthday: string;
  readonly consent: boolean;
  /** The explicit, unticked-by-default opt-in to news by e-mail. */
  readonly news: boolean;
}

export const EMPTY_JOIN_FORM: JoinForm = {
  name: "",
  email: "",
  birthday: "",
  consent: false,
  news: false,
};

export interface JoinPageProps {
  readonly m: Translator;
  readonly program: Program;
  readonly merchantName: string;
  /** How to reach the merchant, at the foot of the page. */
  readonly business: BusinessDetails;
  readonly path: string;
  /** The languages the program offers. */
  readonly locales: readonly Locale[];
  /** The card as it will look, empty (pass-builder's strip artwork, SVG markup). */
  readonly stripSvg: string;
  readonly csrfToken: string;
  /** Path of the program's logo PNG. */
  readonly icon: string;
  /** Path of the merchant's uploaded logo, shown on the card as on the pass; none: text only. */
  readonly logo: string | null;
  readonly form: JoinForm;
  readonly error?: WalletMessageKey;
}

/**
 * The page a join QR opens: what the card gives and one button, above the fold of a small phone;
 * the optional details (with consent) fold out above the button for those who want them.
 */
export function JoinPage(props: JoinPageProps) {
  const { m, program, form } = props;
  const merchant = props.merchantName;
  const detailsGiven = form.name !== "" || form.email !== "" || form.birthday !== "";
  return (
    <CustomerDocument
      m={m}
      title={m.t("join.title", { program: program.name })}
      colors={program.design}
      path={props.path}
      locales={props.locales}
      icon={props.icon}
    >
      <h1>
        <Phrase m={m} k="join.title" params={{ program: program.name }} />
      </h1>
      <p>
        <Phrase
          m={m}
          k="join.pitch"
          params={{ goal: program.goal, merchant, reward: program.reward.title }}
        />
      </p>
      <section class="card card--compact" aria-hidden="true">
        {props.logo ? <img class="card__logo" src={props.logo} alt="" /> : null}
        <p class="card__merchant">
          <bdi>{merchant}</bdi>
        </p>
        <div class="card__strip">{raw(props.stripSvg)}</div>
      </section>
      <form method="post" action={`${props.path}?lang=${m.locale}`} class="join">
        {props.error ? (
          <p class="error" role="alert" id="join-error">
            {m.t(props.error)}
          </p>
        ) : null}
        <input type="hidden" name="csrf" value={props.csrfToken} />
        <details class="join__details" open={detailsGiven || props.error !== undefined}>
          <summary>{m.t("join.details")}</summary>
          <div class="join__fields">
            <p class="muted small">
              <Phrase m={m} k="join.detailsWhy" params={{ merchant }} />
            </p>
            <label>
              {m.t("join.name")}
              <input
                type="text"
                name="name"
                autocomplete="name"
                maxlength={100}
                dir="auto"
                value={form.name}
              />
            </label>
            <label>
              {m.t("join.email")}
              <input
                type="email"
                name="email"
                autocomplete="email"
                maxlength={254}
                dir="ltr"
                value={form.email}
              />
            </label>
            <label>
              {m.t("join.birthday")}
              <input type="date" name="birthday" autocomplete="bday" value={form.birthday} />
            </label>
            <label class="consent">
              <input type="checkbox" name="consent" value="yes" checked={form.consent} />
              <span>
                <Phrase m={m} k="join.consent" params={{ merchant }} />
              </span>
            </label>
            <label class="consent">
              <input type="checkbox" name="news" value="yes" checked={form.news} />
              <span>
                <Phrase m={m} k="join.news" params={{ merchant }} />
              </span>
            </label>
          </div>
        </details>
        <button type="submit" data-testid="get-card">
          {m.t("join.submit")}
        </button>
      </form>
      <p class="muted small">{m.t("join.noApp")}</p>
      <p>
        <a href={`${props.path}/restore?lang=${m.locale}`}>{m.t("restore.link")}</a>
      </p>
      <BusinessContact m={m} merchantName={merchant} business={props.business} />
    </CustomerDocument>
  );
}

export function JoinNotFound(props: { m: Translator; path: string }) {
  const { m } = props;
  return (
    <UnknownLinkPage
      m={m}
      path={props.path}
      title={m.t("join.notFound.title")}
      body={m.t("join.notFound.body")}
    />
  );
}
