import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { errorJson } from "./api-error";

export const SYNC_BODY_LIMIT = 1024 * 1024;
export const BODY_LIMIT = 64 * 1024;
/**
 * Logo uploads (`…/programs/:id/logo`, the API's and the admin form's): more than the 2 MB a logo
 * may have, so a file a little too large gets its refusal in words (logo-too-large) from the check.
 */
export const LOGO_BODY_LIMIT = 8 * 1024 * 1024;
const LOGO_UPLOAD = /^\/(api\/v1|admin)\/programs\/[^/]+\/logo$/;
/** A bounce (routes/mail-bounces.ts) may quote the whole e-mail that failed. */
export const MAIL_BOUNCES_PATH = "/mail/bounces";

/** The refusal of a body over `max` bytes. */
const refusal = (c: Context, max: number) =>
  c.json(errorJson("payload-too-large", `the body must be at most ${max} bytes`), 413, {
    // The rest of the body is never read, so the connection cannot carry another request.
    connection: "close",
  });

const tooLarge = (max: number) => bodyLimit({ maxSize: max, onError: (c) => refusal(c, max) });

/** Sync batches may be large (1000 events), logos a few MB; nothing else needs more than 64 KB. */
export function bodyLimits(syncPath: string): MiddlewareHandler {
  const limits = new Map<number, MiddlewareHandler>(
    [SYNC_BODY_LIMIT, LOGO_BODY_LIMIT, BODY_LIMIT].map((max) => [max, tooLarge(max)]),
  );
  const limitOf = (path: string) =>
    path === syncPath || path === MAIL_BOUNCES_PATH
      ? SYNC_BODY_LIMIT
      : LOGO_UPLOAD.test(path)
        ? LOGO_BODY_LIMIT
        : BODY_LIMIT;
  // Not an async function: most requests pass straight on, without a promise of their own.
  return (c, next) => {
    // Node's adapter gives these no body (hono's check lets them through).
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const max = limitOf(c.req.path);
    // A declared length is judged from the header, as hono's check does, but without touching
    // `c.req.raw.body`: on Node that builds a whole web Request (a stream, an AbortSignal) for
    // every request, where the body can be read straight from the socket (with device-protocol.ts'
    // header, a pull-only sync round's server CPU went from 1.7–1.9 to 0.7 ms). Chunked bodies,
    // and bodies of no declared length, go to hono's check, which counts them as they come.
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
      if (Number.parseInt(length, 10) > max) return Promise.resolve(refusal(c, max));
      return next();
    }
    return (limits.get(max) as MiddlewareHandler)(c, next);
  };
}
