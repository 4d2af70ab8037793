import type { RateLimiter, TokenCheck } from "./rate-limiter";

interface Bucket {
  tokens: number;
  at: number;
}

/** Keys a limiter remembers before it forgets some: ~100 bytes each, so ~10 MB at most. */
const MAX_KEYS = 100_000;

/**
 * Token buckets in this process's memory (see RateLimiter for the semantics): SQLite's limiters, and
 * the per-device one everywhere. Shared by several instances, limiters live in PostgreSQL instead
 * (storage/pg/rate-limits.ts).
 * Memory is bounded whatever keys callers make up: past MAX_KEYS, full buckets (which hold no
 * information) are dropped first, then the least recently used.
 */
export class TokenBuckets implements RateLimiter {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    readonly maxKeys = MAX_KEYS,
  ) {}

  #tokens(bucket: Bucket | undefined, nowMs: number): number {
    if (!bucket) return this.capacity;
    const refilled = ((nowMs - bucket.at) / 1000) * this.refillPerSecond;
    return Math.min(this.capacity, bucket.tokens + Math.max(0, refilled));
  }

  #set(key: string, tokens: number, nowMs: number): void {
    // Re-inserted, so the map's order is least recently used first.
    this.#buckets.delete(key);
    this.#buckets.set(key, { tokens, at: nowMs });
    if (this.#buckets.size > this.maxKeys) this.#shrink(nowMs);
  }

  async take(key: string, nowMs: number): Promise<TokenCheck> {
    const tokens = this.#tokens(this.#buckets.get(key), nowMs);
    if (tokens < 1)
      return {
        ok: false,
        retryAfterMs: Math.ceil(((1 - tokens) / this.refillPerSecond) * 1000),
      };
    this.#set(key, tokens - 1, nowMs);
    return { ok: true };
  }

  async refund(key: string, nowMs: number): Promise<void> {
    const bucket = this.#buckets.get(key);
    if (!bucket) return;
    const tokens = Math.min(this.capacity, this.#tokens(bucket, nowMs) + 1);
    if (tokens >= this.capacity) this.#buckets.delete(key);
    else this.#set(key, tokens, nowMs);
  }

  /** Forgets the buckets full again at `nowMs`; how many. */
  forgetFull(nowMs: number): number {
    const before = this.#buckets.size;
    for (const [key, bucket] of this.#buckets)
      if (this.#tokens(bucket, nowMs) >= this.capacity) this.#buckets.delete(key);
    return before - this.#buckets.size;
  }

  /** Down to 90 % of the bound, so the sweep runs once per tenth of MAX_KEYS new keys at most. */
  #shrink(nowMs: number): void {
    const target = Math.floor(this.maxKeys * 0.9);
    this.forgetFull(nowMs);
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= target) break;
      this.#buckets.delete(key);
    }
  }

  /** How many keys are remembered (for tests of the bound). */
  get size(): number {
    return this.#buckets.size;
  }
}
