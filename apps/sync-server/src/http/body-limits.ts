import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { errorJson } from "./api-error";

export const SYNC_BODY_LIMIT = 1024 * 1024;
export const BODY_LIMIT = 64 * 1024;

const tooLarge = (max: number) =>
  bodyLimit({
    maxSize: max,
    // The rest of the body is never read, so the connection cannot carry another request.
    onError: (c) =>
      c.json(errorJson("payload-too-large", `the body must be at most ${max} bytes`), 413, {
        connection: "close",
      }),
  });

/** Sync batches may be large (1000 events); nothing else needs more than 64 KB. */
export function bodyLimits(syncPath: string): MiddlewareHandler {
  const sync = tooLarge(SYNC_BODY_LIMIT);
  const other = tooLarge(BODY_LIMIT);
  return (c, next) => (c.req.path === syncPath ? sync(c, next) : other(c, next));
}
