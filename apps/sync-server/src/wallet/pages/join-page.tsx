import type { Program } from "@stamp/core";
import { raw } from "hono/html";
import type { WalletMessageKey } from "../messages/en";
import type { WalletMessages } from "../messages/wallet-messages";
import { CustomerDocument } from "./customer-document";

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
  readonly m: WalletMessages;
  readonly program: Program;
  readonly merchantName: string;
  readonly path: string;
  /** The card as it will look, empty (pass-builder's strip artwork, SVG markup). */
  readonly stripSvg: string;
  readonly csrfToken: string;
  /** Path of the program's logo PNG. */
  readonly icon: string;
  readonly form: JoinForm;
  readonly error?: WalletMessageKey;
}

/** The page a join QR opens: what the card gives, optional details with consent, one button. */
export function JoinPage(props: JoinPageProps) {
  const { m, program, form } = props;
  const merchant = props.merchantName;
  return (
    <CustomerDocument
      m={m}
      title={m.t("join.title", { program: program.name })}
      colors={program.design}
      path={props.path}
      icon={props.icon}
    >
      <h1>{m.t("join.title", { program: program.name })}</h1>
      <p>{m.t("join.pitch", { goal: program.goal, merchant, reward: program.reward.title })}</p>
      <section class="card" aria-hidden="true">
        <p class="card__merchant">{merchant}</p>
        <p class="card__name">{program.name}</p>
        <div class="card__strip">{raw(props.stripSvg)}</div>
        <p class="card__reward">{program.reward.title}</p>
      </section>
      <p class="muted small">{m.t("join.noApp")}</p>
      <form method="post" action={`${props.path}?lang=${m.locale}`}>
        {props.error ? (
          <p class="error" role="alert" id="join-error">
            {m.t(props.error)}
          </p>
        ) : null}
        <input type="hidden" name="csrf" value={props.csrfToken} />
        <fieldset>
          <legend>{m.t("join.details")}</legend>
          <p class="muted small">{m.t("join.detailsWhy", { merchant })}</p>
          <label>
            {m.t("join.name")}
            <input type="text" name="name" autocomplete="name" maxlength={100} value={form.name} />
          </label>
          <label>
            {m.t("join.email")}
            <input
              type="email"
              name="email"
              autocomplete="email"
              maxlength={254}
              value={form.email}
            />
          </label>
          <label>
            {m.t("join.birthday")}
            <input type="date" name="birthday" autocomplete="bday" value={form.birthday} />
          </label>
          <label class="consent">
            <input type="checkbox" name="consent" value="yes" checked={form.consent} />
            <span>{m.t("join.consent", { merchant })}</span>
          </label>
          <label class="consent">
            <input type="checkbox" name="news" value="yes" checked={form.news} />
            <span>{m.t("join.news", { merchant })}</span>
          </label>
        </fieldset>
        <button type="submit">{m.t("join.submit")}</button>
      </form>
      <p>
        <a href={`${props.path}/restore?lang=${m.locale}`}>{m.t("restore.link")}</a>
      </p>
    </CustomerDocument>
  );
}

export function JoinNotFound(props: { m: WalletMessages; path: string }) {
  const { m } = props;
  return (
    <CustomerDocument
      m={m}
      title={m.t("join.notFound.title")}
      colors={{ background: "#1d1b19", foreground: "#ffffff", accent: "#e0a458" }}
      path={props.path}
    >
      <h1>{m.t("join.notFound.title")}</h1>
      <p>{m.t("join.notFound.body")}</p>
    </CustomerDocument>
  );
}
