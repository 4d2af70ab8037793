import type { Child } from "hono/jsx";
import type { Translator } from "../../i18n/translate";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader, type Section } from "./admin-shell";
import { Csrf } from "./form-bits";

/**
 * "Are you sure?" before something that cannot be taken back (revoking a key, unpairing a till,
 * blocking a card): a plain page whose form posts the same action again with `confirmed=yes`, so
 * it works without script and carries the session's CSRF token like every other form.
 */
export function ConfirmPage(props: {
  tr: Translator;
  admin: Admin;
  section: Section;
  title: string;
  body: string;
  action: string;
  confirmLabel: string;
  back: string;
  /** Fields the first form carried (a block's reason), sent again unchanged. */
  carried?: Readonly<Record<string, string>>;
  /** Fields asked for on this page (why a stamp is undone), above the buttons. */
  children?: Child;
}) {
  const { tr } = props;
  return (
    <AdminShell tr={tr} admin={props.admin} section={props.section} title={props.title}>
      <PageHeader title={props.title} />
      <section class="panel" data-testid="confirm">
        <p>{props.body}</p>
        <form method="post" action={props.action} class="confirm-form">
          <Csrf token={props.admin.csrf} />
          <input type="hidden" name="confirmed" value="yes" />
          {Object.entries(props.carried ?? {}).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          {props.children}
          <div class="actions-row">
            <button class="button button--danger" type="submit" data-testid="confirm-yes">
              {props.confirmLabel}
            </button>
            <a class="button button--secondary" href={props.back}>
              {tr.t("admin.confirm.cancel")}
            </a>
          </div>
        </form>
      </section>
    </AdminShell>
  );
}
