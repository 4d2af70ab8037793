import type { RequestObserver } from "../http/request-observers";
import type { ServerMetrics } from "./server-metrics";

/** Counts and times each request under its route pattern (`/c/:cardId`), never its raw path. */
export function requestMetrics(metrics: ServerMetrics): RequestObserver {
  return (request, ms) => metrics.request(request.method, request.route, request.status, ms / 1000);
}
