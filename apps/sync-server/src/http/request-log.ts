import type { MiddlewareHandler } from "hono";
import type { Logger } from "../logger";

/** One line per request: method, path (never the query: it may hold tokens), status, duration. */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info(
      {
        method: c.req.method,
        path: c.req.path.startsWith("/r/") ? "/r/:token" : c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      "request",
    );
  };
}
