import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { adminLanguage } from "./admin/admin-language";
import { ApiError, apiErrorResponse, errorJson } from "./http/api-error";
import { bodyLimits } from "./http/body-limits";
import { deviceProtocol } from "./http/device-protocol";
import { peer } from "./http/peer";
import { requestLog } from "./http/request-log";
import { observeRequests } from "./http/request-observers";
import { responseHeaders } from "./http/response-headers";
import { RouteMatchMemo } from "./http/route-match-memo";
import { metricsRoutes } from "./metrics/metrics-routes";
import { requestMetrics } from "./metrics/request-metrics";
import { adminRoutes } from "./routes/admin";
import { adminAccountRoutes } from "./routes/admin-account";
import { adminAutomationRoutes } from "./routes/admin-automations";
import { adminBusinessRoutes } from "./routes/admin-business";
import { adminCampaignRoutes } from "./routes/admin-campaigns";
import { adminLogoRoutes } from "./routes/admin-logo";
import { adminPosterRoutes } from "./routes/admin-posters";
import { adminTeamRoutes } from "./routes/admin-team";
import { adminVoucherRoutes } from "./routes/admin-vouchers";
import { adminWebhookRoutes } from "./routes/admin-webhooks";
import { apiDocsRoutes } from "./routes/api-docs";
import { assetRoutes } from "./routes/assets";
import { auditRoutes } from "./routes/audit-api";
import { campaignRoutes } from "./routes/campaigns-api";
import { cardPageRoutes } from "./routes/card-pages";
import { cardWalletRoutes } from "./routes/card-wallet-api";
import { cardRoutes } from "./routes/cards-api";
import { customerRoutes } from "./routes/customers-api";
import { deviceRoutes } from "./routes/devices-api";
import { exportRoutes } from "./routes/exports-api";
import { fraudFlagRoutes } from "./routes/fraud-flags-api";
import { healthRoutes } from "./routes/health";
import { joinPageRoutes } from "./routes/join-pages";
import { kioskAppRoutes } from "./routes/kiosk-app";
import { mailBounceRoutes } from "./routes/mail-bounces";
import { passRoutes } from "./routes/passes";
import { programRoutes } from "./routes/programs-api";
import { receiptPageRoutes } from "./routes/receipt-pages";
import { receiptApiRoutes } from "./routes/receipts-api";
import { restorePageRoutes } from "./routes/restore-pages";
import { setupRoutes } from "./routes/setup-pages";
import { syncRoutes } from "./routes/sync-api";
import { unsubscribeRoutes } from "./routes/unsubscribe-pages";
import { voucherRoutes } from "./routes/vouchers-api";
import { walletAssetRoutes } from "./routes/wallet-assets";
import { walletWebServiceRoutes } from "./routes/wallet-web-service";
import { restHookRoutes, webhookRoutes } from "./routes/webhooks-api";
import type { AppServices } from "./services";

const SYNC_PATH = "/api/v1/sync";
const DEVICES_PATH = "/api/v1/devices";

/** The whole HTTP surface; thin routes over services. */
export function createApp(services: AppServices): Hono {
  const app = new Hono({ router: new RouteMatchMemo() });
  app.use(responseHeaders(services.publicHttps));
  app.use(peer(services.trustProxy));
  const observers = [requestLog(services.logger), requestMetrics(services.metrics)];
  app.use(observeRequests(observers));
  app.use(bodyLimits(SYNC_PATH));
  app.use(`${DEVICES_PATH}/*`, deviceProtocol());
  app.use(SYNC_PATH, deviceProtocol());
  // The admin's language reaches the admin pages' shared `tr` through an AsyncLocalStorage, only
  // there and only while an admin request is in flight (admin-language.ts): entered by every
  // request, it and the hook it puts on every promise were most of the 15 KB of garbage an idle
  // sync round no longer makes (58.7 -> 43.8 KB with headers set on Node's response). Once the
  // process has drawn a page, hono/jsx's own AsyncLocalStorage brings a hook back for good (on
  // Node 20 and 22; +7 KB): bench/round-overhead.ts.
  app.use("/admin", adminLanguage());
  app.use("/admin/*", adminLanguage());
  app.route("/", healthRoutes());
  app.route("/", metricsRoutes(services.metrics, services.storage, services.metricsToken));
  app.route(DEVICES_PATH, deviceRoutes(services));
  app.route(SYNC_PATH, syncRoutes(services, services.metrics, observers));
  app.route(SYNC_PATH, cardWalletRoutes(services));
  app.route("/api/v1", cardRoutes(services));
  app.route("/api/v1/receipts", receiptApiRoutes(services));
  app.route("/api/v1/vouchers", voucherRoutes(services));
  app.route("/api/v1/programs", programRoutes(services));
  app.route("/api/v1/webhooks", webhookRoutes(services));
  app.route("/api/v1/hooks", restHookRoutes(services));
  app.route("/api/v1/customers", customerRoutes(services));
  app.route("/api/v1/exports", exportRoutes(services));
  app.route("/api/v1/audit", auditRoutes(services));
  app.route("/api/v1/fraud-flags", fraudFlagRoutes(services));
  app.route("/api/v1/campaigns", campaignRoutes(services));
  app.route("/api", apiDocsRoutes(services.publicUrl));
  app.route("/r", receiptPageRoutes(services));
  app.route("/passes", passRoutes(services));
  app.route("/wallet", walletWebServiceRoutes(services));
  app.route("/join", joinPageRoutes(services));
  app.route("/join", restorePageRoutes(services));
  app.route("/c", cardPageRoutes(services));
  app.route("/u", unsubscribeRoutes(services));
  app.route("/", mailBounceRoutes(services));
  app.route("/setup", setupRoutes(services));
  app.route("/", assetRoutes());
  app.route("/", walletAssetRoutes());
  app.route("/", kioskAppRoutes(services.kioskDist));
  // Before adminRoutes, whose session check covers every /admin path: these pages are reached
  // signed out (an invitation, a password reset).
  app.route("/admin", adminAccountRoutes(services));
  app.route("/admin", adminRoutes(services));
  app.route("/admin", adminTeamRoutes(services));
  app.route("/admin", adminBusinessRoutes(services));
  app.route("/admin", adminLogoRoutes(services));
  app.route("/admin", adminPosterRoutes(services));
  app.route("/admin", adminVoucherRoutes(services));
  app.route("/admin", adminWebhookRoutes(services));
  app.route("/admin", adminCampaignRoutes(services));
  app.route("/admin", adminAutomationRoutes(services));

  app.notFound((c) =>
    c.req.path.startsWith("/api/")
      ? c.json(errorJson("not-found", `no ${c.req.method} ${c.req.path}`), 404)
      : c.text("Not found", 404),
  );
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    if (!(error instanceof ApiError))
      services.logger.error({ err: error, path: c.req.path }, "unhandled error");
    return apiErrorResponse(c, error);
  });
  return app;
}
