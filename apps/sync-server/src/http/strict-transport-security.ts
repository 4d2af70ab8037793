import type { MiddlewareHandler } from "hono";

/** One year: browsers that met the public host over HTTPS never try it over plain HTTP again. */
const HSTS = "max-age=31536000";

/**
 * With an https PUBLIC_URL, every answer tells the browser to use HTTPS only. Never on the shop
 * network's own HTTPS: HSTS holds for the host on every port, and `/setup` must stay reachable
 * over plain HTTP there.
 */
export function strictTransportSecurity(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header("strict-transport-security", HSTS);
  };
}
