import { describe, expect, it } from "vitest";
import { TokenBuckets } from "./token-bucket";

// RateLimiter semantics are the storage contract's (storage/contract/rate-limits.contract.ts),
// run on these buckets through the SQLite adapter and on PostgreSQL's shared ones.
describe("token buckets in memory", () => {
  it("remembers a bounded number of keys whatever keys callers make up", async () => {
    const limiter = new TokenBuckets(5, 0.001, 1000);
    for (let i = 0; i < 20_000; i++) await limiter.take(`guess-${i}`, 0);
    expect(limiter.size).toBeLessThanOrEqual(1000);
    // The newest keys are the ones kept.
    for (let i = 0; i < 4; i++) await limiter.take("guess-19999", 0);
    expect((await limiter.take("guess-19999", 0)).ok).toBe(false);
  });

  it("forgets the buckets that are full again", async () => {
    const limiter = new TokenBuckets(2, 1);
    await limiter.take("a", 0);
    await limiter.take("b", 1000);
    expect(limiter.forgetFull(1500)).toBe(1);
    expect(limiter.size).toBe(1);
  });
});
