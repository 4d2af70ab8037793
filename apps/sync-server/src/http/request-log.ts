import type { Logger } from "../logger";
import type { RequestObserver } from "./request-observers";

/** One line per request: method, path (never the query: it may hold tokens), status, duration. */
export function requestLog(logger: Logger): RequestObserver {
  return (request, ms) =>
    logger.info(
      {
        method: request.method,
        path: request.path.startsWith("/r/") ? "/r/:token" : request.path,
        status: request.status,
        ms: Math.round(ms * 10) / 10,
      },
      "request",
    );
}
