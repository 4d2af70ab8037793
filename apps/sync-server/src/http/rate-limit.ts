import type { MiddlewareHandler } from "hono";
import { ApiError } from "./api-error";
import { clientKey } from "./client-key";
import { charge, type RateLimiter, type TokenCheck } from "./rate-limiter";

/** The 429 a refused take answers, with when to try again. */
export function rateLimited(check: Extract<TokenCheck, { ok: false }>): ApiError {
  return new ApiError("rate-limited", "too many requests; slow down", undefined, {
    "Retry-After": String(Math.max(1, Math.ceil(check.retryAfterMs / 1000))),
  });
}

/** Takes one token for a request, or refuses it with 429. */
export async function takeToken(limiter: RateLimiter, key: string, nowMs: number): Promise<void> {
  const check = await limiter.take(key, nowMs);
  if (!check.ok) throw rateLimited(check);
}

/**
 * Limits failed attempts per client (wrong pairing codes): each attempt is charged before it runs
 * and refunded when it succeeds, so pairing a dozen tablets in a row is never slowed down while a
 * burst of guesses is cut off at the limit.
 */
export function limitFailuresByAddress(limiter: RateLimiter, now: () => number): MiddlewareHandler {
  return async (c, next) => {
    const charged = await charge(limiter, [clientKey(c)], now);
    if (!charged.ok) throw rateLimited(charged);
    await next();
    if (c.res.status < 400) await charged.refund();
  };
}
