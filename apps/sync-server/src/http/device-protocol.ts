import type { HttpBindings } from "@hono/node-server";
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
export function deviceProtocol(): MiddlewareHandler<{ Bindings: HttpBindings }> {
  const version = String(PROTOCOL_VERSION);
  return (c, next) => {
    // On Node's response, as responseHeaders does: sent with any answer, its own or an error's
    // (set on hono's context, it made a web `Headers` of each answer's headers, and an answer made
    // apart from the context, an HTTPException's own, had to be given it again).
    c.env.outgoing.setHeader(PROTOCOL_HEADER, version);
    const problem = kioskProtocolProblem(c.req.header(PROTOCOL_HEADER));
    if (problem !== null) {
      const code = problem === "app-too-old" ? "protocol-too-old" : "invalid-protocol-version";
      const message =
        problem === "app-too-old"
          ? `this app speaks an older protocol than the server (${PROTOCOL_VERSION}, oldest understood ${OLDEST_PROTOCOL_VERSION}); update the app`
          : `the ${PROTOCOL_HEADER} header must be a whole number`;
      return Promise.resolve(c.json(errorJson(code, message), statusOf(code)));
    }
    return next();
  };
}
