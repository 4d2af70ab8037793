/** What a limiter answers for one key. */
export type TokenCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterMs: number };

/**
 * A token bucket per key (a device, an API key, an address, an e-mail, a pass): `capacity` tokens,
 * refilled at `refillPerSecond`. What every implementation keeps (in memory per process today, or
 * shared by several instances through the database):
 *
 * - `take` is atomic: of concurrent takes of a bucket's last token exactly one succeeds, and a
 *   refused take takes nothing (so waiting callers are not pushed further out).
 * - `refund` gives one token back, never above `capacity`.
 * - A limit on requests takes before the work starts. A limit on failures (wrong passwords,
 *   wrong codes) also takes before the attempt — "charge first" — and refunds when the attempt
 *   succeeds: guesses sent all at once are cut off at the limit exactly like guesses sent one by
 *   one, and successes cost nothing (see `charge`).
 */
export interface RateLimiter {
  readonly capacity: number;
  readonly refillPerSecond: number;
  take(key: string, nowMs: number): Promise<TokenCheck>;
  refund(key: string, nowMs: number): Promise<void>;
}

export type Charge =
  | {
      readonly ok: true;
      /** The attempt succeeded: give back what it was charged. */
      readonly refund: () => Promise<void>;
    }
  | { readonly ok: false; readonly retryAfterMs: number };

/**
 * Charges one token from each key's bucket, in order, before an attempt. When any bucket is empty
 * the attempt is refused and the tokens already taken for it are given back.
 */
export async function charge(
  limiter: RateLimiter,
  keys: readonly string[],
  now: () => number,
): Promise<Charge> {
  const taken: string[] = [];
  for (const key of keys) {
    const check = await limiter.take(key, now());
    if (!check.ok) {
      await Promise.all(taken.map((k) => limiter.refund(k, now())));
      return check;
    }
    taken.push(key);
  }
  return {
    ok: true,
    refund: async () => {
      await Promise.all(taken.map((k) => limiter.refund(k, now())));
    },
  };
}
