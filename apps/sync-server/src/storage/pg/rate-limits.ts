import type { RateLimiter, TokenCheck } from "../../http/rate-limiter";
import type { RateLimitStore } from "../store";
import type { PgContext } from "./pg-context";

// Parameters of every statement: $1 limiter, $2 key, $3 capacity, $4 refill per second, $5 now (ms).
/** The bucket's tokens at $5: what it held, refilled since, at most the capacity. */
const REFILLED = "least($3::float8, b.tokens + greatest(0, $5::bigint - b.at) * $4::float8 / 1000)";
/** When a bucket holding `tokens` at `at` is full again. */
const fullAt = (tokens: string, at: string) =>
  `${at} + ceil(($3::float8 - (${tokens})) * 1000 / $4::float8)::bigint`;

/**
 * One statement takes a token, so concurrent takes queue on the bucket's row and each sees the
 * one before it: of racing takes of the last token exactly one gets a row back. A refused take
 * (its WHERE fails) writes nothing. A clock behind the bucket's refills nothing.
 */
const TAKE = `
  INSERT INTO rate_limit_buckets AS b (limiter, key, tokens, at, full_at)
  VALUES ($1, $2, $3::float8 - 1, $5::bigint, ${fullAt("$3::float8 - 1", "$5::bigint")})
  ON CONFLICT (limiter, key) DO UPDATE SET
    tokens = ${REFILLED} - 1,
    at = greatest(b.at, $5::bigint),
    full_at = ${fullAt(`${REFILLED} - 1`, "greatest(b.at, $5::bigint)")}
  WHERE ${REFILLED} >= 1
  RETURNING tokens`;

const REFUND = `
  UPDATE rate_limit_buckets AS b SET
    tokens = least($3::float8, ${REFILLED} + 1),
    at = greatest(b.at, $5::bigint),
    full_at = ${fullAt(`least($3::float8, ${REFILLED} + 1)`, "greatest(b.at, $5::bigint)")}
  WHERE limiter = $1 AND key = $2`;

/** What a refused take waits for (read after the refusal: only the Retry-After depends on it). */
const WAIT = `
  SELECT ${REFILLED} AS tokens FROM rate_limit_buckets AS b
  WHERE limiter = $1 AND key = $2`;

class SharedTokenBuckets implements RateLimiter {
  constructor(
    readonly context: PgContext,
    readonly name: string,
    readonly capacity: number,
    readonly refillPerSecond: number,
  ) {}

  #params(key: string, nowMs: number): unknown[] {
    return [this.name, key, this.capacity, this.refillPerSecond, Math.floor(nowMs)];
  }

  async take(key: string, nowMs: number): Promise<TokenCheck> {
    const params = this.#params(key, nowMs);
    const taken = await this.context.query("rate-limit-take", TAKE, params);
    if (taken.length === 1) return { ok: true };
    const [bucket] = await this.context.query<{ tokens: number }>("rate-limit-wait", WAIT, params);
    const tokens = bucket?.tokens ?? 0;
    return {
      ok: false,
      retryAfterMs: Math.max(1, Math.ceil(((1 - tokens) / this.refillPerSecond) * 1000)),
    };
  }

  async refund(key: string, nowMs: number): Promise<void> {
    await this.context.query("rate-limit-refund", REFUND, this.#params(key, nowMs));
  }
}

/** Limiters every instance on the database shares: one row per limiter and key. */
export function pgRateLimits(context: PgContext): RateLimitStore {
  return {
    shared: "instances",
    limiter: (name, capacity, refillPerSecond) =>
      new SharedTokenBuckets(context, name, capacity, refillPerSecond),
    async forgetFullBuckets(nowMs) {
      const forgotten = await context.pool.query(
        "DELETE FROM rate_limit_buckets WHERE full_at <= $1",
        [Math.floor(nowMs)],
      );
      return forgotten.rowCount ?? 0;
    },
  };
}
