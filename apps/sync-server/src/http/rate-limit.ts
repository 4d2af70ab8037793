import type { Context, MiddlewareHandler } from "hono";
import { ApiError } from "./api-error";
import { clientAddress } from "./client-address";
import type { TokenBuckets, TokenCheck } from "./token-bucket";

function refuse(check: TokenCheck): void {
  if (!check.ok)
    throw new ApiError("rate-limited", "too many requests; slow down", undefined, {
      "Retry-After": String(Math.ceil(check.retryAfterMs / 1000)),
    });
}

/** Refuses with 429 once the caller's bucket is empty. */
export function takeToken(buckets: TokenBuckets, key: string, nowMs: number): void {
  refuse(buckets.take(key, nowMs));
}

/**
 * Limits failed attempts per client address (wrong pairing codes, wrong passwords): successes are
 * free, so pairing a dozen tablets in a row is not slowed down, but guessing is.
 */
export function limitFailuresByAddress(
  buckets: TokenBuckets,
  now: () => number,
): MiddlewareHandler {
  return async (c: Context, next) => {
    const address = clientAddress(c);
    refuse(buckets.peek(address, now()));
    await next();
    if (c.res.status >= 400 && c.res.status !== 429) buckets.take(address, now());
  };
}
