import type { HttpBindings } from "@hono/node-server";
import type { MiddlewareHandler } from "hono";

/** One year: browsers that met the public host over HTTPS never try it over plain HTTP again. */
const HSTS = "max-age=31536000";

/**
 * With an https PUBLIC_URL, every answer tells the browser to use HTTPS only. Never on the shop
 * network's own HTTPS: HSTS holds for the host on every port, and `/setup` must stay reachable
 * over plain HTTP there. Set on Node's response before the request is handled, as
 * responseHeaders does: set on hono's answer after it was made, it turned every answer into a
 * web Response with a body stream (20 of the 79 KB of garbage an idle sync round made).
 */
export function strictTransportSecurity(): MiddlewareHandler<{ Bindings: HttpBindings }> {
  return (c, next) => {
    c.env.outgoing.setHeader("strict-transport-security", HSTS);
    return next();
  };
}
