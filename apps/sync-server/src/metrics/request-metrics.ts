import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { ServerMetrics } from "./server-metrics";

/** Counts and times each request under its route pattern (`/c/:cardId`), never its raw path. */
export function requestMetrics(metrics: ServerMetrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    metrics.request(
      c.req.method,
      routePath(c, -1),
      c.res.status,
      (performance.now() - started) / 1000,
    );
  };
}
