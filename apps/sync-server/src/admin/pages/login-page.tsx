import type { Translator } from "../../i18n/translate";
import { Field, Notice } from "./form-bits";
import { SignedOutPage } from "./signed-out-page";

export function LoginPage(props: {
  tr: Translator;
  csrf: string;
  email?: string | undefined;
  error?: string | undefined;
  notice?: string | undefined;
}) {
  const { tr } = props;
  return (
    <SignedOutPage tr={tr} title={tr.t("login.title")}>
      <p class="muted">{tr.t("login.intro")}</p>
      <form class="panel" method="post" action="/admin/login">
        {props.error ? <Notice kind="error">{props.error}</Notice> : null}
        {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
        <input type="hidden" name="_csrf" value={props.csrf} />
        <Field
          name="email"
          label={tr.t("login.email")}
          type="email"
          value={props.email ?? ""}
          autocomplete="username"
          required
        />
        <Field
          name="password"
          label={tr.t("login.password")}
          type="password"
          value=""
          autocomplete="current-password"
          required
        />
        <button class="button button--block" type="submit">
          {tr.t("login.submit")}
        </button>
      </form>
      <p>
        <a href="/admin/forgot">{tr.t("login.forgot")}</a>
      </p>
    </SignedOutPage>
  );
}
