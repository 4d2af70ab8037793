import type { HttpBindings } from "@hono/node-server";
import type { MiddlewareHandler } from "hono";

/** One year: browsers that met the public host over HTTPS never try it over plain HTTP again. */
const HSTS = "max-age=31536000";

/**
 * Headers every response carries, JSON and errors included: `X-Content-Type-Options: nosniff`, so a
 * browser never runs an answer as a type it was not sent as; with an https PUBLIC_URL (`https`),
 * `Strict-Transport-Security`, so a browser uses HTTPS only. HSTS never on the shop network's own
 * HTTPS: it holds for the host on every port, and `/setup` must stay reachable over plain HTTP
 * there. Pages add their own content policy (pages/document.tsx).
 *
 * Set on Node's response before the request is handled: Node sends them with whatever answer is
 * written (a handler's own, an error's, a stream), and a header the answer names itself wins. Set
 * on the answer after it was made (hono's secureHeaders did), they made a web `Headers` of every
 * answer's headers for the adapter to read out again, and turned every answer into a web Response
 * with a body stream (HSTS alone was 20 of the 79 KB of garbage an idle sync round made). One
 * middleware for both: each one hono runs is an async step of every request.
 */
export function responseHeaders(https: boolean): MiddlewareHandler<{ Bindings: HttpBindings }> {
  return (c, next) => {
    c.env.outgoing.setHeader("x-content-type-options", "nosniff");
    if (https) c.env.outgoing.setHeader("strict-transport-security", HSTS);
    return next();
  };
}

/**
 * For SVG documents the server draws (join posters): opened on their own they are documents, so
 * they get a policy under which they run nothing and load nothing but their own embedded
 * pictures (shapes, text, presentation attributes, and the merchant's logo as a data: PNG).
 */
export const SVG_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; sandbox";
