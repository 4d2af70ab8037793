import type { MessageKey } from "../../i18n/en";
import type { Locale } from "../../i18n/locales";
import type { Translator } from "../../i18n/translate";
import type { AdminUserRecord } from "../../storage/store";
import type { InvitationRecord } from "../../storage/team-store";
import { ADMIN_ROLES, type AdminRole } from "../admin-role";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Choices, Csrf, Field, Notice } from "./form-bits";
import { InviteeLanguage } from "./language-panel";

export const roleName = (tr: Translator, role: AdminRole) => tr.t(`role.${role}` as MessageKey);

/** What the owner is told after sending an invitation: the link itself when no e-mail went. */
export interface InvitationSent {
  readonly message: string;
  readonly link?: string | undefined;
  readonly kind: "success" | "warn";
}

export function TeamPage(props: {
  tr: Translator;
  admin: Admin;
  accounts: readonly AdminUserRecord[];
  invitations: readonly InvitationRecord[];
  notice?: string | undefined;
  error?: string | undefined;
  sent?: InvitationSent | undefined;
  invite?:
    | { email: string; role: AdminRole; locale: Locale; error?: string | undefined }
    | undefined;
}) {
  const { tr, admin } = props;
  const invite = props.invite ?? { email: "", role: "staff" as AdminRole, locale: tr.locale };
  return (
    <AdminShell tr={tr} admin={admin} section="team" title={tr.t("team.title")}>
      <PageHeader title={tr.t("team.title")} intro={tr.t("team.intro")} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      {props.sent ? (
        <section class="panel" aria-labelledby="invitation-sent">
          <h2 id="invitation-sent" class="visually-hidden">
            {tr.t("team.invite")}
          </h2>
          <Notice kind={props.sent.kind}>{props.sent.message}</Notice>
          {props.sent.link ? <code class="secret">{props.sent.link}</code> : null}
        </section>
      ) : null}
      <section class="panel table-wrap" aria-labelledby="team-accounts">
        <h2 id="team-accounts">{tr.t("team.accounts")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{tr.t("team.email")}</th>
              <th scope="col">{tr.t("team.role")}</th>
              <th scope="col">{tr.t("team.since")}</th>
              <th scope="col">
                <span class="visually-hidden">{tr.t("team.remove")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.accounts.map((account) => (
              <tr>
                <td>
                  <bdi>{account.email}</bdi>
                  {account.id === admin.userId ? (
                    <span class="muted small"> ({tr.t("team.you")})</span>
                  ) : null}
                </td>
                <td>
                  <form method="post" action={`/admin/team/${account.id}/role`} class="inline-form">
                    <Csrf token={admin.csrf} />
                    <label class="visually-hidden" for={`role-${account.id}`}>
                      {tr.t("team.role")}
                    </label>
                    <select id={`role-${account.id}`} name="role">
                      {ADMIN_ROLES.map((role) => (
                        <option value={role} selected={role === account.role}>
                          {roleName(tr, role)}
                        </option>
                      ))}
                    </select>
                    <button class="button button--small button--secondary" type="submit">
                      {tr.t("team.changeRole")}
                    </button>
                  </form>
                </td>
                <td>{tr.dateTime(account.createdAt)}</td>
                <td>
                  <a
                    class="button button--small button--danger"
                    href={`/admin/team/${account.id}/remove`}
                  >
                    {tr.t("team.remove")}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div class="two-columns">
        <section class="panel" aria-labelledby="team-invite">
          <h2 id="team-invite">{tr.t("team.invite")}</h2>
          <form method="post" action="/admin/team/invitations">
            <Csrf token={admin.csrf} />
            <Field
              name="email"
              type="email"
              label={tr.t("team.email")}
              value={invite.email}
              error={invite.error}
              autocomplete="off"
              maxlength={254}
              required
            />
            <Choices
              name="role"
              legend={tr.t("team.role")}
              options={ADMIN_ROLES.map((role) => ({
                value: role,
                label: `${roleName(tr, role)}: ${tr.t(`role.${role}.hint` as MessageKey)}`,
              }))}
              checked={(value) => value === invite.role}
            />
            <InviteeLanguage tr={tr} value={invite.locale} />
            <button class="button" type="submit">
              {tr.t("team.inviteSubmit")}
            </button>
          </form>
        </section>
        <section class="panel" aria-labelledby="team-invitations">
          <h2 id="team-invitations">{tr.t("team.invitations")}</h2>
          {props.invitations.length === 0 ? (
            <p class="muted">{tr.t("team.noInvitations")}</p>
          ) : (
            <ul class="plain-list">
              {props.invitations.map((invitation) => (
                <li>
                  <bdi>{invitation.email}</bdi> · {roleName(tr, invitation.role)}
                  <div class="muted small">
                    {tr.t("team.expires", { time: tr.dateTime(invitation.expiresAt) })}
                  </div>
                  <form
                    method="post"
                    action={`/admin/team/invitations/${invitation.tokenHash}/withdraw`}
                    class="inline-form"
                  >
                    <Csrf token={admin.csrf} />
                    <button class="button button--small button--danger" type="submit">
                      {tr.t("team.revoke")}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </AdminShell>
  );
}

export function RemoveMemberPage(props: {
  tr: Translator;
  admin: Admin;
  account: AdminUserRecord;
}) {
  const { tr, admin, account } = props;
  const title = tr.t("team.removeTitle", { email: account.email });
  return (
    <AdminShell tr={tr} admin={admin} section="team" title={title}>
      <section class="panel narrow" aria-labelledby="remove-title">
        <h1 id="remove-title">{title}</h1>
        <p>{tr.t("team.removeBody")}</p>
        <form method="post" action={`/admin/team/${account.id}/remove`} class="inline-form">
          <Csrf token={admin.csrf} />
          <button class="button button--danger" type="submit">
            {tr.t("team.removeConfirm")}
          </button>
          <a class="button button--secondary" href="/admin/team">
            {tr.t("team.cancel")}
          </a>
        </form>
      </section>
    </AdminShell>
  );
}
