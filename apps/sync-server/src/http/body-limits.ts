import type { MiddlewareHandler } from "hono";
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

const tooLarge = (max: number) =>
  bodyLimit({
    maxSize: max,
    // The rest of the body is never read, so the connection cannot carry another request.
    onError: (c) =>
      c.json(errorJson("payload-too-large", `the body must be at most ${max} bytes`), 413, {
        connection: "close",
      }),
  });

/** Sync batches may be large (1000 events), logos a few MB; nothing else needs more than 64 KB. */
export function bodyLimits(syncPath: string): MiddlewareHandler {
  const sync = tooLarge(SYNC_BODY_LIMIT);
  const logo = tooLarge(LOGO_BODY_LIMIT);
  const other = tooLarge(BODY_LIMIT);
  return (c, next) => {
    if (c.req.path === syncPath || c.req.path === MAIL_BOUNCES_PATH) return sync(c, next);
    return LOGO_UPLOAD.test(c.req.path) ? logo(c, next) : other(c, next);
  };
}
