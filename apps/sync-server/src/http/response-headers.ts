import type { HttpBindings } from "@hono/node-server";
import type { MiddlewareHandler } from "hono";

/**
 * Headers every response carries, JSON and errors included: `X-Content-Type-Options: nosniff`, so a
 * browser never runs an answer as a type it was not sent as. Pages add their own content policy
 * (pages/document.tsx); HSTS is set where the public URL is https.
 *
 * Set on Node's response before the request is handled: Node sends it with whatever answer is
 * written (a handler's own, an error's, a stream), and a header the answer names itself wins. Set
 * on the answer after it was made (hono's secureHeaders did), it made a web `Headers` of every
 * answer's headers for the adapter to read out again.
 */
export function responseHeaders(): MiddlewareHandler<{ Bindings: HttpBindings }> {
  return (c, next) => {
    c.env.outgoing.setHeader("x-content-type-options", "nosniff");
    return next();
  };
}

/**
 * For SVG documents the server draws (join posters): opened on their own they are documents, so
 * they get a policy under which they run nothing and load nothing but their own embedded
 * pictures (shapes, text, presentation attributes, and the merchant's logo as a data: PNG).
 */
export const SVG_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; sandbox";
