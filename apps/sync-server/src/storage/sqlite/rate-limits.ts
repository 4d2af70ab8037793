import { TokenBuckets } from "../../http/token-bucket";
import type { RateLimitStore } from "../store";

/**
 * SQLite's limiters: one process serves the install, so its buckets live in memory (bounded per
 * limiter, see TokenBuckets). One set of buckets per limiter name.
 */
export function processRateLimits(): RateLimitStore {
  const limiters = new Map<string, TokenBuckets>();
  return {
    shared: "process",
    limiter(name, capacity, refillPerSecond) {
      let limiter = limiters.get(name);
      if (limiter && (limiter.capacity !== capacity || limiter.refillPerSecond !== refillPerSecond))
        throw new Error(`limiter ${name} already exists with another capacity or refill`);
      if (!limiter) {
        limiter = new TokenBuckets(capacity, refillPerSecond);
        limiters.set(name, limiter);
      }
      return limiter;
    },
    async forgetFullBuckets(nowMs) {
      let forgotten = 0;
      for (const limiter of limiters.values()) forgotten += limiter.forgetFull(nowMs);
      return forgotten;
    },
  };
}
