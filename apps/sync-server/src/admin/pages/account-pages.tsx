import type { Child } from "hono/jsx";
import type { Translator } from "../../i18n/translate";
import type { Admin } from "../admin-session";
import { MIN_PASSWORD_LENGTH } from "../create-admin";
import { AdminShell, PageHeader } from "./admin-shell";
import { Csrf, Field, Notice } from "./form-bits";
import { SignedOutPage } from "./signed-out-page";
import { roleName } from "./team-page";

export type PasswordErrors = Readonly<Partial<Record<"current" | "password" | "confirm", string>>>;

/** The new password twice: the fields every password form shares. */
function NewPassword(props: { tr: Translator; errors: PasswordErrors }) {
  const { tr, errors } = props;
  return (
    <>
      <Field
        name="password"
        type="password"
        label={tr.t("account.new")}
        hint={tr.t("account.newHint", { min: MIN_PASSWORD_LENGTH })}
        value=""
        error={errors.password}
        autocomplete="new-password"
        required
      />
      <Field
        name="confirm"
        type="password"
        label={tr.t("account.confirm")}
        value=""
        error={errors.confirm}
        autocomplete="new-password"
        required
      />
    </>
  );
}

/** Every account's own page: who is signed in, and a new password. */
export function AccountPage(props: {
  tr: Translator;
  admin: Admin;
  notice?: { kind: "success" | "warn"; text: string } | undefined;
  errors?: PasswordErrors | undefined;
  /** More of the account: the till PIN panel. */
  extra?: Child;
}) {
  const { tr, admin } = props;
  const errors = props.errors ?? {};
  return (
    <AdminShell tr={tr} admin={admin} section="account" title={tr.t("account.title")}>
      <PageHeader
        title={tr.t("account.title")}
        intro={tr.t("account.intro", { email: admin.email, role: roleName(tr, admin.role) })}
      />
      {props.notice ? <Notice kind={props.notice.kind}>{props.notice.text}</Notice> : null}
      <section class="panel narrow" aria-labelledby="account-password">
        <h2 id="account-password">{tr.t("account.password")}</h2>
        <form method="post" action="/admin/account/password">
          <Csrf token={admin.csrf} />
          <Field
            name="current"
            type="password"
            label={tr.t("account.current")}
            value=""
            error={errors.current}
            autocomplete="current-password"
            required
          />
          <NewPassword tr={tr} errors={errors} />
          <button class="button" type="submit">
            {tr.t("account.save")}
          </button>
        </form>
      </section>
      {props.extra}
    </AdminShell>
  );
}

/** A one-time link that no longer works, and where to go instead. */
export function LinkGonePage(props: { tr: Translator; title: string; body: string }) {
  const { tr } = props;
  return (
    <SignedOutPage tr={tr} title={props.title}>
      <p>{props.body}</p>
      <p>
        <a class="button button--secondary" href="/admin/login">
          {tr.t("login.title")}
        </a>
      </p>
    </SignedOutPage>
  );
}

export function InvitationPage(props: {
  tr: Translator;
  merchant: string;
  email: string;
  role: Admin["role"];
  action: string;
  csrf: string;
  errors?: PasswordErrors | undefined;
  error?: string | undefined;
}) {
  const { tr } = props;
  return (
    <SignedOutPage tr={tr} title={tr.t("invitation.title", { merchant: props.merchant })}>
      <p class="muted">
        {tr.t("invitation.intro", { email: props.email, role: roleName(tr, props.role) })}
      </p>
      <form class="panel" method="post" action={props.action}>
        {props.error ? <Notice kind="error">{props.error}</Notice> : null}
        <input type="hidden" name="_csrf" value={props.csrf} />
        <NewPassword tr={tr} errors={props.errors ?? {}} />
        <button class="button button--block" type="submit">
          {tr.t("invitation.submit")}
        </button>
      </form>
    </SignedOutPage>
  );
}

export function ForgotPage(props: {
  tr: Translator;
  csrf: string;
  sent?: string | undefined;
  error?: string | undefined;
}) {
  const { tr } = props;
  return (
    <SignedOutPage tr={tr} title={tr.t("forgot.title")}>
      {props.sent ? (
        <Notice kind="success">{props.sent}</Notice>
      ) : (
        <>
          <p class="muted">{tr.t("forgot.intro")}</p>
          <form class="panel" method="post" action="/admin/forgot">
            {props.error ? <Notice kind="error">{props.error}</Notice> : null}
            <input type="hidden" name="_csrf" value={props.csrf} />
            <Field
              name="email"
              type="email"
              label={tr.t("login.email")}
              value=""
              autocomplete="username"
              required
            />
            <button class="button button--block" type="submit">
              {tr.t("forgot.submit")}
            </button>
          </form>
        </>
      )}
      <p>
        <a href="/admin/login">{tr.t("login.title")}</a>
      </p>
    </SignedOutPage>
  );
}

export function ResetPage(props: {
  tr: Translator;
  action: string;
  csrf: string;
  errors?: PasswordErrors | undefined;
}) {
  const { tr } = props;
  return (
    <SignedOutPage tr={tr} title={tr.t("reset.title")}>
      <form class="panel" method="post" action={props.action}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <NewPassword tr={tr} errors={props.errors ?? {}} />
        <button class="button button--block" type="submit">
          {tr.t("reset.submit")}
        </button>
      </form>
    </SignedOutPage>
  );
}
