import { describe, expect, it } from "vitest";
import { charge } from "./rate-limiter";
import { TokenBuckets } from "./token-bucket";

const at = (ms: number) => () => ms;

describe("token buckets (RateLimiter semantics)", () => {
  it("gives the last tokens to exactly `capacity` of many concurrent takes", async () => {
    const limiter = new TokenBuckets(10, 0.001);
    const checks = await Promise.all(Array.from({ length: 80 }, () => limiter.take("a", 0)));
    expect(checks.filter((c) => c.ok)).toHaveLength(10);
    const refused = checks.find((c) => !c.ok);
    expect(refused).toEqual({ ok: false, retryAfterMs: 1_000_000 });
  });

  it("takes nothing when it refuses, so a caller that waits for the refill gets in", async () => {
    const limiter = new TokenBuckets(1, 1);
    expect((await limiter.take("a", 0)).ok).toBe(true);
    for (let i = 0; i < 5; i++) expect((await limiter.take("a", 500)).ok).toBe(false);
    expect((await limiter.take("a", 1000)).ok).toBe(true);
  });

  it("refunds one token, never above capacity", async () => {
    const limiter = new TokenBuckets(2, 0.001);
    await limiter.take("a", 0);
    await limiter.take("a", 0);
    await limiter.refund("a", 0);
    await limiter.refund("a", 0);
    await limiter.refund("a", 0);
    const checks = await Promise.all([0, 1, 2].map(() => limiter.take("a", 0)));
    expect(checks.map((c) => c.ok)).toEqual([true, true, false]);
  });

  it("charges every key first and gives them back when one bucket is empty", async () => {
    const limiter = new TokenBuckets(1, 0.001);
    await limiter.take("e-mail", 0);
    const refused = await charge(limiter, ["address", "e-mail"], at(0));
    expect(refused.ok).toBe(false);
    // The address was not charged for the refused attempt.
    expect((await limiter.take("address", 0)).ok).toBe(true);
  });

  it("cuts a burst of slow attempts off at the limit and refunds the ones that succeed", async () => {
    const limiter = new TokenBuckets(10, 0.001);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let tried = 0;
    const attempt = async (succeeds: boolean) => {
      const charged = await charge(limiter, ["address"], at(0));
      if (!charged.ok) return "refused";
      tried++;
      await gate;
      if (succeeds) await charged.refund();
      return succeeds ? "in" : "wrong";
    };
    const burst = Array.from({ length: 80 }, (_, i) => attempt(i % 2 === 0));
    release();
    const results = await Promise.all(burst);
    expect(tried).toBe(10);
    expect(results.filter((r) => r === "refused")).toHaveLength(70);
    // The five successes were refunded: five more attempts may run.
    const after = await Promise.all(Array.from({ length: 6 }, () => limiter.take("address", 0)));
    expect(after.filter((c) => c.ok)).toHaveLength(5);
  });

  it("remembers a bounded number of keys whatever keys callers make up", async () => {
    const limiter = new TokenBuckets(5, 0.001, 1000);
    for (let i = 0; i < 20_000; i++) await limiter.take(`guess-${i}`, 0);
    expect(limiter.size).toBeLessThanOrEqual(1000);
    // The newest keys are the ones kept.
    for (let i = 0; i < 4; i++) await limiter.take("guess-19999", 0);
    expect((await limiter.take("guess-19999", 0)).ok).toBe(false);
  });
});
