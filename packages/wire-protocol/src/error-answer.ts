import * as v from "valibot";

/** Every refusal of the HTTP API: `{error: {code, message}}` with a 4xx/5xx status. */
export const ErrorAnswerSchema = v.object({
  error: v.object({ code: v.string(), message: v.string() }),
});

/**
 * Answered with HTTP 426 to a kiosk older than `OLDEST_PROTOCOL_VERSION`: it must update before
 * it may pair or sync (its events stay queued on the till until then).
 */
export const PROTOCOL_TOO_OLD = "protocol-too-old";
