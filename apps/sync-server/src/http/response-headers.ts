import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/**
 * Headers every response carries, JSON and errors included: `X-Content-Type-Options: nosniff`, so a
 * browser never runs an answer as a type it was not sent as. Pages add their own content policy
 * (pages/document.tsx); HSTS is set where the public URL is https.
 */
export function responseHeaders(): MiddlewareHandler {
  return secureHeaders({
    xContentTypeOptions: true,
    crossOriginResourcePolicy: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    referrerPolicy: false,
    strictTransportSecurity: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    removePoweredBy: true,
    // A handler's own value stays (none sets another today).
    overwrite: false,
  });
}

/**
 * For SVG documents the server draws (join posters): opened on their own they are documents, so
 * they get a policy under which they run nothing and load nothing but their own embedded
 * pictures (shapes, text, presentation attributes, and the merchant's logo as a data: PNG).
 */
export const SVG_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; sandbox";
