import { Hono } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import { atWorkedLocations } from "../admin/admin-scope";
import {
  type AdminEnv,
  endSession,
  LOGIN_CSRF_COOKIE,
  loginCsrf,
  requireAdmin,
  startSession,
} from "../admin/admin-session";
import { checkLogin } from "../admin/login";
import { DashboardPage } from "../admin/pages/dashboard-page";
import { LoginPage } from "../admin/pages/login-page";
import { clientKey } from "../http/client-key";
import { charge } from "../http/rate-limiter";
import { dashboardFilter } from "../insight/dashboard-filter";
import { sendPage } from "../pages/document";
import { sameToken } from "../secrets/same-token";
import type { AppServices } from "../services";
import { adminApiKeyRoutes } from "./admin-api-keys";
import { adminAuditRoutes } from "./admin-audit";
import { adminCardRoutes } from "./admin-cards";
import { adminDeviceRoutes } from "./admin-devices";
import { adminFraudRoutes } from "./admin-fraud";
import { field, forgery, form, notice, tr } from "./admin-kit";
import { adminLocationRoutes } from "./admin-locations";
import { adminProgramRoutes } from "./admin-programs";
import { adminReceiptRoutes } from "./admin-receipts";
import { adminStaffRoutes } from "./admin-staff";

/**
 * The merchant's admin pages: server-rendered, plain forms (no script needed), every query scoped
 * to the signed-in admin's merchant, every POST checked against the session's CSRF token. This
 * file signs in and out and shows the dashboard; each resource's pages are a sub-app in
 * `routes/admin-<resource>.tsx` (add new ones there, mounted below, not here).
 */
export function adminRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const kioskUrl = `${services.publicUrl}/app/`;
  const app = new Hono<AdminEnv>();

  app.get("/login", (c) =>
    sendPage(c, <LoginPage tr={tr} csrf={loginCsrf(c, services)} notice={notice(c)} />),
  );

  app.post("/login", async (c) => {
    const fields = await form(c);
    const cookie = getCookie(c, LOGIN_CSRF_COOKIE) ?? "";
    if (cookie === "" || !sameToken(field(fields, "_csrf"), cookie)) return forgery(c);
    const email = field(fields, "email").toLowerCase().slice(0, 254);
    const again = (error: string, status: 401 | 429) =>
      sendPage(c, <LoginPage tr={tr} csrf={cookie} email={email} error={error} />, status);
    // Charged before the password is checked, refunded when it matches: a burst of guesses is
    // cut off at the limit like guesses sent one at a time.
    const charged = await charge(services.limits.login, [clientKey(c), email], services.now);
    if (!charged.ok) return again(tr.t("login.tooMany"), 429);
    const user = await checkLogin(services, email, field(fields, "password"));
    if (!user) return again(tr.t("login.failed"), 401);
    await charged.refund();
    await startSession(c, services, user.id);
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: "/admin" });
    return c.redirect("/admin", 303);
  });

  app.use("*", requireAdmin(services, forgery));

  app.post("/logout", async (c) => {
    await endSession(c, services, c.get("admin"));
    return c.redirect("/admin/login?notice=logged-out", 303);
  });

  app.get("/", async (c) => {
    const admin = c.get("admin");
    const now = services.now();
    // A manager tied to locations sees only theirs, in the tiles, the filter and every figure.
    const locations = atWorkedLocations(
      admin,
      await store.listLocations(admin.merchantId),
      (l) => l.id,
    );
    const filter = dashboardFilter(
      { from: c.req.query("from"), to: c.req.query("to"), location: c.req.query("location") },
      locations.map((l) => l.id),
      now,
      admin.locations,
    );
    // A rebuild only ever ends: once it is not pending, the rollup read after is exact.
    const rebuilding = await store.rollupRebuildPercent(admin.merchantId);
    const [stats, programs, figures] = await Promise.all([
      store.merchantStats(admin.merchantId, now - 86_400_000, admin.locations),
      store.listPrograms(admin.merchantId),
      rebuilding === null
        ? store
            .dashboardFacts(admin.merchantId, filter.query)
            .then((facts) => ({ kind: "facts" as const, facts }))
        : { kind: "rebuilding" as const, percent: rebuilding },
    ]);
    return sendPage(
      c,
      <DashboardPage
        tr={tr}
        admin={admin}
        stats={stats}
        programs={programs}
        kioskUrl={kioskUrl}
        publicUrl={services.publicUrl}
        insight={{ filter, figures, locations }}
      />,
    );
  });

  app.route("/", adminProgramRoutes(services));
  app.route("/", adminLocationRoutes(services));
  app.route("/", adminDeviceRoutes(services, kioskUrl));
  app.route("/", adminApiKeyRoutes(services));
  app.route("/", adminCardRoutes(services));
  app.route("/", adminReceiptRoutes(services));
  app.route("/", adminStaffRoutes(services));
  app.route("/", adminAuditRoutes(services));
  app.route("/", adminFraudRoutes(services));

  return app;
}
