import { type Context, Hono } from "hono";
import { type AdminRole, isAdminRole } from "../admin/admin-role";
import { type AdminEnv, requireAdmin } from "../admin/admin-session";
import { RemoveMemberPage, TeamPage } from "../admin/pages/team-page";
import { INVITATION_TTL_DAYS, inviteToTeam } from "../admin/team-links";
import { adminActor, recordAudit } from "../audit/audit-log";
import type { MessageKey } from "../i18n/en";
import { isLocale } from "../i18n/locales";
import { EMAIL_ADDRESS } from "../mail/email-address";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import { MAX_OPEN_INVITATIONS_PER_MERCHANT } from "../storage/stored-bounds";
import { notice, tr } from "./admin-kit";

/** Notices after a redirect, by key: the query string never carries text. */
const NOTICES = {
  role: "team.roleChanged",
  removed: "team.removed",
  withdrawn: "team.revoked",
} as const satisfies Record<string, MessageKey>;

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");

/** `/admin/team` (owners): accounts and their roles, invitations by link, removal. */
export function adminTeamRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const page = async (
    c: Context<AdminEnv>,
    extra: Omit<Parameters<typeof TeamPage>[0], "tr" | "admin" | "accounts" | "invitations">,
    status: 200 | 409 | 422 = 200,
  ) => {
    const admin = c.get("admin");
    const [accounts, invitations] = await Promise.all([
      store.listAdmins(admin.merchantId),
      store.listInvitations(admin.merchantId, services.now()),
    ]);
    return sendPage(
      c,
      <TeamPage
        tr={tr}
        admin={admin}
        accounts={accounts}
        invitations={invitations}
        notice={notice(c, NOTICES)}
        {...extra}
      />,
      status,
    );
  };
  const accountOf = async (c: Context<AdminEnv>) => {
    const id = c.req.param("id");
    const accounts = await store.listAdmins(c.get("admin").merchantId);
    return accounts.find((account) => account.id === id) ?? null;
  };
  const forbidden = (c: Context) => c.text("Forbidden", 403);
  return new Hono<AdminEnv>()
    .use("/team", requireAdmin(services, forbidden))
    .use("/team/*", requireAdmin(services, forbidden))
    .get("/team", (c) => page(c, {}))
    .post("/team/invitations", async (c) => {
      const form = await c.req.parseBody();
      const email = text(form.email).toLowerCase().slice(0, 254);
      const picked = text(form.role);
      const role: AdminRole = isAdminRole(picked) ? picked : "staff";
      const locale = isLocale(form.locale) ? form.locale : tr.locale;
      const again = (error: string, status: 409 | 422) =>
        page(c, { invite: { email, role, locale, error } }, status);
      if (!EMAIL_ADDRESS.test(email)) return again(tr.t("team.invalidEmail"), 422);
      const invited = await inviteToTeam(services, c.get("admin"), { email, role, locale });
      if (!invited.ok)
        return invited.reason === "member"
          ? again(tr.t("team.alreadyMember", { email }), 409)
          : again(tr.t("team.tooManyInvitations", { max: MAX_OPEN_INVITATIONS_PER_MERCHANT }), 409);
      await recordAudit(services, adminActor(c.get("admin")), "team.invited", null, {
        email,
        role,
      });
      const days = INVITATION_TTL_DAYS;
      const { mail, link } = invited;
      return page(c, {
        sent:
          mail === "sent"
            ? { kind: "success", message: tr.t("team.invited", { email, days }) }
            : mail === "not-configured"
              ? { kind: "warn", message: tr.t("team.invitedNoMail", { email, days }), link }
              : {
                  kind: "warn",
                  message: tr.t("team.mailFailed", { email, reason: mail.failed }),
                  link,
                },
      });
    })
    .post("/team/invitations/:hash/withdraw", async (c) => {
      if (await store.revokeInvitation(c.get("admin").merchantId, c.req.param("hash")))
        await recordAudit(services, adminActor(c.get("admin")), "team.invitation-withdrawn");
      return c.redirect("/admin/team?notice=withdrawn", 303);
    })
    .post("/team/:id/role", async (c) => {
      const role = text((await c.req.parseBody()).role);
      if (!isAdminRole(role)) return page(c, { error: tr.t("team.role") }, 422);
      const change = await store.setAdminRole(c.get("admin").merchantId, c.req.param("id"), role);
      if (change === "last-owner") return page(c, { error: tr.t("team.lastOwner") }, 409);
      if (change === "unknown") return c.notFound();
      await recordAudit(
        services,
        adminActor(c.get("admin")),
        "team.role-changed",
        c.req.param("id"),
        {
          role,
        },
      );
      return c.redirect("/admin/team?notice=role", 303);
    })
    .get("/team/:id/remove", async (c) => {
      const account = await accountOf(c);
      if (!account) return c.notFound();
      return sendPage(c, <RemoveMemberPage tr={tr} admin={c.get("admin")} account={account} />);
    })
    .post("/team/:id/remove", async (c) => {
      const account = await accountOf(c);
      const change = await store.removeAdmin(c.get("admin").merchantId, c.req.param("id"));
      if (change === "last-owner") return page(c, { error: tr.t("team.lastOwner") }, 409);
      if (change === "unknown") return c.notFound();
      await recordAudit(services, adminActor(c.get("admin")), "team.removed", c.req.param("id"), {
        email: account?.email ?? null,
      });
      // Removing oneself ends one's own session too: back to the login page.
      if (c.req.param("id") === c.get("admin").userId) return c.redirect("/admin/login", 303);
      return c.redirect("/admin/team?notice=removed", 303);
    });
}
