import {
  kioskProtocolProblem,
  OLDEST_PROTOCOL_VERSION,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
} from "@stamp/wire-protocol";
import type { MiddlewareHandler } from "hono";
import { errorJson, statusOf } from "./api-error";

/**
 * The device endpoints (pairing, device config, sync) speak the wire protocol's version: every
 * answer says the server's in the `Stamp-Protocol` header (a kiosk refuses to read a server older
 * than it understands), and a kiosk older than the oldest this server reads is told to update —
 * before its body is read, so nothing it sent is stored and its events stay queued on the till.
 */
export function deviceProtocol(): MiddlewareHandler {
  return async (c, next) => {
    const problem = kioskProtocolProblem(c.req.header(PROTOCOL_HEADER));
    if (problem !== null) {
      c.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
      const code = problem === "app-too-old" ? "protocol-too-old" : "invalid-protocol-version";
      const message =
        problem === "app-too-old"
          ? `this app speaks an older protocol than the server (${PROTOCOL_VERSION}, oldest understood ${OLDEST_PROTOCOL_VERSION}); update the app`
          : `the ${PROTOCOL_HEADER} header must be a whole number`;
      return c.json(errorJson(code, message), statusOf(code));
    }
    // Said before the answer is made, so the answer is made with it: set after, on Node it turned
    // each finished answer into a web Response with a body stream (see body-limits.ts).
    c.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
    await next();
    // An answer made apart from the context (an HTTPException's own) gets it now.
    if (!c.res.headers.has(PROTOCOL_HEADER)) c.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
  };
}
