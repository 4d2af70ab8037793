export type TokenCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterMs: number };

/**
 * Per-key token buckets (a device, an API key, an address). In memory: with several server
 * instances each one limits on its own, so the effective limit is multiplied by the instance count.
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
  ) {}

  #tokens(key: string, nowMs: number): number {
    const bucket = this.#buckets.get(key);
    if (!bucket) return this.capacity;
    return Math.min(
      this.capacity,
      bucket.tokens + ((nowMs - bucket.at) / 1000) * this.refillPerSecond,
    );
  }

  /** Whether a token is left, without taking it (for limits that only count failures). */
  peek(key: string, nowMs: number): TokenCheck {
    const tokens = this.#tokens(key, nowMs);
    return tokens >= 1 ? { ok: true } : { ok: false, retryAfterMs: this.#wait(tokens) };
  }

  #wait(tokens: number): number {
    return Math.ceil(((1 - tokens) / this.refillPerSecond) * 1000);
  }

  /** Takes one token; when none is left, says how long until the next one. */
  take(key: string, nowMs: number): TokenCheck {
    const tokens = this.#tokens(key, nowMs);
    if (tokens < 1) {
      this.#buckets.set(key, { tokens, at: nowMs });
      return { ok: false, retryAfterMs: this.#wait(tokens) };
    }
    this.#buckets.set(key, { tokens: tokens - 1, at: nowMs });
    if (this.#buckets.size > 50_000) this.#forgetFull(nowMs);
    return { ok: true };
  }

  /** Full buckets hold no information; dropping them bounds memory under many distinct keys. */
  #forgetFull(nowMs: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((nowMs - bucket.at) / 1000) * this.refillPerSecond >= this.capacity)
        this.#buckets.delete(key);
    }
  }
}
