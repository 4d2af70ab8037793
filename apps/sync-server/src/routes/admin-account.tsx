import { type Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import {
  type AdminEnv,
  LOGIN_CSRF_COOKIE,
  loginCsrf,
  requireAdmin,
  startSession,
} from "../admin/admin-session";
import { MIN_PASSWORD_LENGTH } from "../admin/create-admin";
import { checkLogin } from "../admin/login";
import {
  AccountPage,
  ForgotPage,
  InvitationPage,
  LinkGonePage,
  type PasswordErrors,
  ResetPage,
} from "../admin/pages/account-pages";
import { LanguagePanel } from "../admin/pages/language-panel";
import { OwnPinPanel, type StaffErrors } from "../admin/pages/staff-page";
import { newAccount, newPasswordProblem, sendPasswordReset } from "../admin/team-links";
import { adminActor, recordAudit } from "../audit/audit-log";
import { clientKey } from "../http/client-key";
import { charge } from "../http/rate-limiter";
import type { MessageKey } from "../i18n/en";
import { isLocale } from "../i18n/locales";
import { translator } from "../i18n/translate";
import { EMAIL_ADDRESS } from "../mail/email-address";
import { sendPage } from "../pages/document";
import { sha256 } from "../secrets/random-token";
import { sameToken } from "../secrets/same-token";
import type { AppServices } from "../services";
import { setPersonalPin } from "../staff/personal-pin";
import { tr } from "./admin-kit";
import { pinChangeError, pinProblem } from "./admin-staff";

const text = (value: unknown) => (typeof value === "string" ? value : "");

/** Notices on the account page after a redirect, by key. */
const NOTICES = {
  "not-allowed": { kind: "warn", key: "account.notAllowed" },
  "password-set": { kind: "success", key: "account.passwordSet" },
  welcome: { kind: "success", key: "account.welcome" },
  pin: { kind: "success", key: "staff.pin.saved" },
  language: { kind: "success", key: "account.language.saved" },
} as const satisfies Record<string, { kind: "success" | "warn"; key: MessageKey }>;

/** The new password's problems, worded for its fields. */
function passwordErrors(password: string, confirm: string): PasswordErrors | null {
  const problem = newPasswordProblem(password, confirm);
  if (problem === "tooShort")
    return { password: tr.t("account.tooShort", { min: MIN_PASSWORD_LENGTH }) };
  if (problem === "mismatch") return { confirm: tr.t("account.mismatch") };
  return null;
}

/**
 * Every account's own page (`/admin/account`), and the pages reached by a one-time link or
 * before signing in: accepting an invitation, asking for and using a password reset. The
 * signed-out forms carry the login page's double-submit CSRF token.
 */
export function adminAccountRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const forbidden = (c: Context) => c.text("Forbidden", 403);
  /** The signed-out form's fields, or null when its CSRF token does not match its cookie. */
  const signedOutForm = async (c: Context) => {
    const form = await c.req.parseBody();
    const cookie = getCookie(c, LOGIN_CSRF_COOKIE) ?? "";
    return cookie !== "" && sameToken(text(form._csrf), cookie) ? { form, csrf: cookie } : null;
  };
  const account = async (
    c: Context<AdminEnv>,
    errors?: PasswordErrors,
    status: 200 | 409 | 422 = 200,
    pinErrors?: StaffErrors,
  ) => {
    const admin = c.get("admin");
    const key = c.req.query("notice");
    const notice = key && key in NOTICES ? NOTICES[key as keyof typeof NOTICES] : undefined;
    const member = await store.staffOfAdmin(admin.merchantId, admin.userId);
    return sendPage(
      c,
      <AccountPage
        tr={tr}
        admin={admin}
        errors={errors}
        notice={notice && { kind: notice.kind, text: tr.t(notice.key) }}
        extra={
          <>
            <LanguagePanel tr={tr} admin={admin} />
            <OwnPinPanel tr={tr} admin={admin} member={member} errors={pinErrors} />
          </>
        }
      />,
      status,
    );
  };
  const invitationGone = (c: Context) =>
    sendPage(
      c,
      <LinkGonePage tr={tr} title={tr.t("invitation.gone")} body={tr.t("invitation.goneBody")} />,
      410,
    );
  const resetGone = (c: Context) =>
    sendPage(
      c,
      <LinkGonePage tr={tr} title={tr.t("reset.gone")} body={tr.t("reset.goneBody")} />,
      410,
    );
  const invitationPage = async (
    c: Context<AdminEnv>,
    token: string,
    extra: { csrf?: string; errors?: PasswordErrors; error?: string } = {},
    status: 200 | 409 | 422 = 200,
  ) => {
    const invitation = await store.findInvitation(sha256(token), services.now());
    if (!invitation) return invitationGone(c);
    // In the language they were invited in, unless they picked another (`?lang=`).
    if (invitation.locale && !isLocale(c.req.query("lang")))
      c.set("tr", translator(invitation.locale));
    const merchant = await store.getMerchant(invitation.merchantId);
    return sendPage(
      c,
      <InvitationPage
        tr={tr}
        merchant={merchant?.name ?? ""}
        email={invitation.email}
        role={invitation.role}
        action={`/admin/invitation/${token}`}
        csrf={extra.csrf ?? loginCsrf(c, services)}
        errors={extra.errors}
        error={extra.error}
      />,
      status,
    );
  };

  return new Hono<AdminEnv>()
    .get("/invitation/:token", (c) => invitationPage(c, c.req.param("token")))
    .post("/invitation/:token", async (c) => {
      const token = c.req.param("token");
      const signed = await signedOutForm(c);
      if (!signed) return forbidden(c);
      const password = text(signed.form.password);
      const errors = passwordErrors(password, text(signed.form.confirm));
      if (errors) return invitationPage(c, token, { csrf: signed.csrf, errors }, 422);
      const accepted = await store.acceptInvitation(
        sha256(token),
        await newAccount(services.passwords, password),
        services.now(),
      );
      if (!accepted.ok)
        return accepted.reason === "email-taken"
          ? invitationPage(c, token, { csrf: signed.csrf, error: tr.t("invitation.taken") }, 409)
          : invitationGone(c);
      await startSession(c, services, accepted.user.id);
      return c.redirect(
        accepted.user.role === "staff" ? "/admin/account?notice=welcome" : "/admin",
        303,
      );
    })
    .get("/forgot", (c) => sendPage(c, <ForgotPage tr={tr} csrf={loginCsrf(c, services)} />))
    .post("/forgot", async (c) => {
      const signed = await signedOutForm(c);
      if (!signed) return forbidden(c);
      const email = text(signed.form.email).trim().toLowerCase().slice(0, 254);
      if (!EMAIL_ADDRESS.test(email))
        return sendPage(
          c,
          <ForgotPage tr={tr} csrf={signed.csrf} error={tr.t("team.invalidEmail")} />,
          422,
        );
      // The login limiter, per address and per e-mail: resets cannot flood an inbox.
      const allowed = await charge(services.limits.login, [clientKey(c), email], services.now);
      if (!allowed.ok)
        return sendPage(
          c,
          <ForgotPage tr={tr} csrf={signed.csrf} error={tr.t("login.tooMany")} />,
          429,
        );
      // Sent after the answer, which is the same whether the account exists or not.
      void sendPasswordReset(services, tr.locale, email).catch((error: unknown) =>
        services.logger.error({ err: error }, "a password reset link could not be sent"),
      );
      return sendPage(
        c,
        <ForgotPage tr={tr} csrf={signed.csrf} sent={tr.t("forgot.sent", { email })} />,
      );
    })
    .get("/reset/:token", (c) =>
      sendPage(
        c,
        <ResetPage
          tr={tr}
          action={`/admin/reset/${c.req.param("token")}`}
          csrf={loginCsrf(c, services)}
        />,
      ),
    )
    .post("/reset/:token", async (c) => {
      const token = c.req.param("token");
      const signed = await signedOutForm(c);
      if (!signed) return forbidden(c);
      const password = text(signed.form.password);
      const errors = passwordErrors(password, text(signed.form.confirm));
      if (errors)
        return sendPage(
          c,
          <ResetPage tr={tr} action={`/admin/reset/${token}`} csrf={signed.csrf} errors={errors} />,
          422,
        );
      const user = await store.claimPasswordReset(
        sha256(token),
        await services.passwords.hash(password),
        services.now(),
      );
      if (!user) return resetGone(c);
      await startSession(c, services, user.id);
      return c.redirect("/admin/account?notice=password-set", 303);
    })
    .use("/account", requireAdmin(services, forbidden))
    .use("/account/*", requireAdmin(services, forbidden))
    .get("/account", (c) => account(c))
    .post("/account/password", async (c) => {
      const admin = c.get("admin");
      const form = await c.req.parseBody();
      const password = text(form.password);
      const errors = passwordErrors(password, text(form.confirm));
      if (errors) return account(c, errors, 422);
      // The limiter as at login: the current password is a password guess.
      const charged = await charge(
        services.limits.login,
        [clientKey(c), admin.email],
        services.now,
      );
      if (!charged.ok) return account(c, { current: tr.t("login.tooMany") }, 422);
      if (!(await checkLogin(services, admin.email, text(form.current))))
        return account(c, { current: tr.t("account.wrongCurrent") }, 422);
      await charged.refund();
      // A new password ends every session of the account, this one too: a fresh one follows.
      await store.setAdminPassword(admin.email, await services.passwords.hash(password));
      await startSession(c, services, admin.userId);
      return c.redirect("/admin/account?notice=password-set", 303);
    })
    .post("/account/language", async (c) => {
      const picked = text((await c.req.parseBody()).locale);
      await store.setAdminLocale(c.get("admin").userId, isLocale(picked) ? picked : null);
      return c.redirect("/admin/account?notice=language", 303);
    })
    .post("/account/pin", async (c) => {
      // Their own PIN, whatever their role: staff accounts open nothing else here.
      const admin = c.get("admin");
      const form = await c.req.parseBody({ all: true });
      const problem = pinProblem(form as never) ?? { pin: tr.t("staff.pin.invalid") };
      if (Object.keys(problem).length > 0) return account(c, undefined, 422, problem);
      const member = await store.staffOfAdmin(admin.merchantId, admin.userId);
      if (!member) return account(c, undefined, 409, { pin: tr.t("staff.pin.notStaff") });
      const change = await setPersonalPin(services, admin.merchantId, member.id, text(form.pin));
      if (!change.ok) return account(c, undefined, 409, pinChangeError(change));
      await recordAudit(services, adminActor(admin), "staff.pin-set", member.id, { own: true });
      return c.redirect("/admin/account?notice=pin", 303);
    });
}
