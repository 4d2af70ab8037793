import { Hono } from "hono";
import { ApiError } from "../http/api-error";
import { bearerToken } from "../http/authenticate";
import { requestPeer } from "../http/peer";
import { isLoopback } from "../http/proxy-trust";
import { sameToken } from "../secrets/same-token";
import type { Storage } from "../storage/storage";
import type { ServerMetrics } from "./server-metrics";

/**
 * `GET /metrics` (Prometheus text) and `GET /readyz`. Without METRICS_TOKEN only a scraper on
 * this machine may read the metrics, and not through a proxy (a proxied request carries
 * X-Forwarded-For); with it, anyone holding the token.
 */
export function metricsRoutes(
  metrics: ServerMetrics,
  storage: Pick<Storage, "ready">,
  token: string | null,
): Hono {
  const allowed = (address: string, authorization: string | undefined, forwarded: boolean) => {
    if (token === null) return isLoopback(address) && !forwarded;
    const given = bearerToken(authorization);
    return given !== null && sameToken(given, token);
  };
  return new Hono()
    .get("/metrics", async (c) => {
      const forwarded = c.req.header("x-forwarded-for") !== undefined;
      if (!allowed(requestPeer(c).address, c.req.header("authorization"), forwarded))
        throw token === null
          ? new ApiError(
              "metrics-forbidden",
              "metrics are served to this machine only; set METRICS_TOKEN to scrape from elsewhere",
            )
          : new ApiError("metrics-token-required", "send Authorization: Bearer <METRICS_TOKEN>");
      return c.body(await metrics.registry.metrics(), 200, {
        "content-type": metrics.registry.contentType,
        "cache-control": "no-store",
      });
    })
    .get("/readyz", async (c) => {
      const ready = await storage.ready();
      c.header("cache-control", "no-store");
      if (!ready.ok) throw new ApiError("not-ready", ready.reason);
      return c.json({ ok: true });
    });
}
