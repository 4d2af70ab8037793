import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/**
 * The peer's address, for per-address rate limits. Forwarded headers are not trusted: behind a
 * reverse proxy every client shares the proxy's address (see README).
 */
export function clientAddress(c: Context): string {
  return getConnInfo(c).remote.address ?? "unknown";
}
