import { routePath } from "hono/route";
import type { RequestObserver } from "../http/request-observers";
import type { ServerMetrics } from "./server-metrics";

/** Counts and times each request under its route pattern (`/c/:cardId`), never its raw path. */
export function requestMetrics(metrics: ServerMetrics): RequestObserver {
  return (c, ms) => metrics.request(c.req.method, routePath(c, -1), c.res.status, ms / 1000);
}
