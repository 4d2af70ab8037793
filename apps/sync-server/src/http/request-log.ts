import type { Logger } from "../logger";
import type { RequestObserver } from "./request-observers";

/** One line per request: method, path (never the query: it may hold tokens), status, duration. */
export function requestLog(logger: Logger): RequestObserver {
  return (c, ms) =>
    logger.info(
      {
        method: c.req.method,
        path: c.req.path.startsWith("/r/") ? "/r/:token" : c.req.path,
        status: c.res.status,
        ms: Math.round(ms * 10) / 10,
      },
      "request",
    );
}
