import type { Translator } from "../../i18n/translate";
import type { ApiKeyRecord } from "../../storage/store";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Csrf, Field, Notice } from "./form-bits";

export function ApiKeysPage(props: {
  tr: Translator;
  admin: Admin;
  keys: readonly ApiKeyRecord[];
  created?: string | undefined;
  notice?: string | undefined;
  nameError?: string | undefined;
}) {
  const { tr, admin } = props;
  return (
    <AdminShell tr={tr} admin={admin} section="apiKeys" title={tr.t("keys.title")}>
      <PageHeader title={tr.t("keys.title")} intro={tr.t("keys.intro")} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.created ? (
        <section class="panel" aria-labelledby="new-key">
          <h2 id="new-key">{tr.t("keys.created")}</h2>
          <Notice kind="warn">{tr.t("keys.created.warning")}</Notice>
          <code class="secret">{props.created}</code>
        </section>
      ) : null}
      <div class="two-columns">
        <section class="panel" aria-labelledby="create-key">
          <h2 id="create-key">{tr.t("keys.create.title")}</h2>
          <form method="post" action="/admin/api-keys">
            <Csrf token={admin.csrf} />
            <Field
              name="name"
              label={tr.t("keys.name")}
              hint={tr.t("keys.name.hint")}
              value=""
              error={props.nameError}
              maxlength={60}
              required
            />
            <button class="button" type="submit">
              {tr.t("keys.create")}
            </button>
          </form>
        </section>
        <section class="panel table-wrap" aria-labelledby="key-list">
          <h2 id="key-list">{tr.t("keys.list.title")}</h2>
          {props.keys.length === 0 ? (
            <p class="muted">{tr.t("keys.empty")}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{tr.t("keys.col.name")}</th>
                  <th scope="col">{tr.t("keys.col.key")}</th>
                  <th scope="col">{tr.t("keys.col.status")}</th>
                </tr>
              </thead>
              <tbody>
                {props.keys.map((key) => (
                  <tr>
                    <td>
                      <strong>{key.name}</strong>
                      <div class="muted small">{tr.dateTime(key.createdAt)}</div>
                    </td>
                    <td>
                      <code>{`${key.prefix}…`}</code>
                    </td>
                    <td>
                      {key.revokedAt === null ? (
                        <form
                          method="post"
                          action={`/admin/api-keys/${key.id}/revoke`}
                          class="inline-form"
                        >
                          <Csrf token={admin.csrf} />
                          <button class="button button--danger button--small" type="submit">
                            {tr.t("keys.revoke")}
                          </button>
                        </form>
                      ) : (
                        <span class="badge badge--danger">{tr.t("keys.revoked")}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </AdminShell>
  );
}
