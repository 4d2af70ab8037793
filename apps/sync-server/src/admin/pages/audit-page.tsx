import { AUDIT_ACTIONS } from "../../audit/audit-log";
import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";
import type { AuditEntry } from "../../storage/audit-store";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Field, Notice } from "./form-bits";

export interface AuditForm {
  readonly actor: string;
  readonly action: string;
  readonly from: string;
  readonly to: string;
}

const actionName = (tr: Translator, action: string) =>
  (AUDIT_ACTIONS as readonly string[]).includes(action)
    ? tr.t(`audit.action.${action}` as MessageKey)
    : action;

/** The facts kept with an entry, as `key: value` pairs. */
function detailText(detail: string | null): string {
  if (detail === null) return "";
  const facts = JSON.parse(detail) as Record<string, unknown>;
  return Object.entries(facts)
    .filter(([, value]) => value !== null && value !== "")
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(", ");
}

/** `/admin/audit`: who did what, searchable by actor, action and dates, newest first. */
export function AuditPage(props: {
  tr: Translator;
  admin: Admin;
  form: AuditForm;
  entries: readonly AuditEntry[];
  /** The next page's link, when there is one. */
  next: string | null;
  problem?: string | undefined;
}) {
  const { tr, admin, form } = props;
  return (
    <AdminShell tr={tr} admin={admin} section="audit" title={tr.t("audit.title")}>
      <PageHeader title={tr.t("audit.title")} intro={tr.t("audit.intro")} />
      <section class="panel" aria-labelledby="audit-search">
        <h2 id="audit-search">{tr.t("audit.search")}</h2>
        <form method="get" action="/admin/audit" class="row">
          <Field
            name="actor"
            type="search"
            label={tr.t("audit.actor")}
            value={form.actor}
            maxlength={100}
          />
          <div class="field">
            <label for="f-action">{tr.t("audit.action")}</label>
            <select id="f-action" name="action">
              <option value="">{tr.t("audit.anyAction")}</option>
              {AUDIT_ACTIONS.map((action) => (
                <option value={action} selected={action === form.action}>
                  {actionName(tr, action)}
                </option>
              ))}
            </select>
          </div>
          <Field
            name="from"
            label={tr.t("audit.from")}
            hint={tr.t("audit.dateHint")}
            value={form.from}
            maxlength={40}
          />
          <Field name="to" label={tr.t("audit.to")} value={form.to} maxlength={40} />
          <button class="button" type="submit">
            {tr.t("audit.submit")}
          </button>
        </form>
        {props.problem ? <Notice kind="error">{props.problem}</Notice> : null}
      </section>
      <section class="panel table-wrap" aria-labelledby="audit-entries">
        <h2 id="audit-entries">{tr.t("audit.entries")}</h2>
        {props.entries.length === 0 ? (
          <p class="muted">{tr.t("audit.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{tr.t("audit.when")}</th>
                <th scope="col">{tr.t("audit.actor")}</th>
                <th scope="col">{tr.t("audit.action")}</th>
                <th scope="col">{tr.t("audit.target")}</th>
                <th scope="col">{tr.t("audit.detail")}</th>
              </tr>
            </thead>
            <tbody>
              {props.entries.map((entry) => (
                <tr data-action={entry.action}>
                  <td>{tr.dateTime(entry.at)}</td>
                  <td>
                    <bdi>{entry.actorLabel}</bdi>
                  </td>
                  <td>{actionName(tr, entry.action)}</td>
                  <td class="small">
                    <code>{entry.target ?? ""}</code>
                  </td>
                  <td class="small">
                    <bdi>{detailText(entry.detail)}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {props.next ? (
          <p>
            <a class="button button--secondary" href={props.next} rel="next">
              {tr.t("audit.older")}
            </a>
          </p>
        ) : null}
      </section>
    </AdminShell>
  );
}
