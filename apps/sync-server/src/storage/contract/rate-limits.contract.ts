import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { charge } from "../../http/rate-limiter";
import type { RateLimitStore } from "../store";
import type { ContractContext } from "./harness";

const at = (ms: number) => () => ms;

/** A limiter of its own (a fresh name) on one process's storage. */
const fresh = (limits: RateLimitStore, capacity: number, refillPerSecond: number) =>
  limits.limiter(`contract-${randomUUID()}`, capacity, refillPerSecond);

/** RateLimiter semantics (http/rate-limiter.ts), the same on every adapter's limiters. */
export function rateLimitsContract(ctx: ContractContext): void {
  describe("rate limits", () => {
    it("gives the last tokens to exactly `capacity` of many concurrent takes", async () => {
      const limiter = fresh(ctx.a.limits, 10, 0.001);
      const checks = await Promise.all(Array.from({ length: 80 }, () => limiter.take("a", 0)));
      expect(checks.filter((c) => c.ok)).toHaveLength(10);
      const refused = checks.find((c) => !c.ok);
      expect(refused).toEqual({ ok: false, retryAfterMs: 1_000_000 });
    });

    it("takes nothing when it refuses, so a caller that waits for the refill gets in", async () => {
      const limiter = fresh(ctx.a.limits, 1, 1);
      expect((await limiter.take("a", 0)).ok).toBe(true);
      for (let i = 0; i < 5; i++)
        expect(await limiter.take("a", 500)).toEqual({ ok: false, retryAfterMs: 500 });
      expect((await limiter.take("a", 1000)).ok).toBe(true);
    });

    it("keeps each key's bucket and each limiter's buckets apart", async () => {
      const name = `contract-${randomUUID()}`;
      const limiter = ctx.a.limits.limiter(name, 1, 0.001);
      const other = fresh(ctx.a.limits, 1, 0.001);
      expect((await limiter.take("a", 0)).ok).toBe(true);
      expect((await limiter.take("a", 0)).ok).toBe(false);
      expect((await limiter.take("b", 0)).ok).toBe(true);
      expect((await other.take("a", 0)).ok).toBe(true);
      // Asked for again by name: the same buckets.
      expect((await ctx.a.limits.limiter(name, 1, 0.001).take("a", 0)).ok).toBe(false);
    });

    it("refunds one token, never above capacity", async () => {
      const limiter = fresh(ctx.a.limits, 2, 0.001);
      await limiter.take("a", 0);
      await limiter.take("a", 0);
      await limiter.refund("a", 0);
      await limiter.refund("a", 0);
      await limiter.refund("a", 0);
      await limiter.refund("never-taken", 0);
      const checks = await Promise.all([0, 1, 2].map(() => limiter.take("a", 0)));
      expect(checks.filter((c) => c.ok)).toHaveLength(2);
      expect((await limiter.take("never-taken", 0)).ok).toBe(true);
    });

    it("charges every key first and gives them back when one bucket is empty", async () => {
      const limiter = fresh(ctx.a.limits, 1, 0.001);
      await limiter.take("e-mail", 0);
      const refused = await charge(limiter, ["address", "e-mail"], at(0));
      expect(refused.ok).toBe(false);
      // The address was not charged for the refused attempt.
      expect((await limiter.take("address", 0)).ok).toBe(true);
    });

    it("cuts a burst of slow attempts off at the limit and refunds the ones that succeed", async () => {
      const limiter = fresh(ctx.a.limits, 10, 0.001);
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      // The gate opens once every attempt has been charged or refused.
      let decided = 0;
      let tried = 0;
      const attempt = async (succeeds: boolean) => {
        const charged = await charge(limiter, ["address"], at(0));
        if (++decided === 80) release();
        if (!charged.ok) return "refused";
        tried++;
        await gate;
        if (succeeds) await charged.refund();
        return succeeds ? "in" : "wrong";
      };
      const results = await Promise.all(Array.from({ length: 80 }, (_, i) => attempt(i % 2 === 0)));
      expect(tried).toBe(10);
      expect(results.filter((r) => r === "refused")).toHaveLength(70);
      // The successes were refunded (which attempts got in depends on who came first): as many
      // more attempts may run.
      const succeeded = results.filter((r) => r === "in").length;
      const after = await Promise.all(Array.from({ length: 11 }, () => limiter.take("address", 0)));
      expect(after.filter((c) => c.ok)).toHaveLength(succeeded);
    });

    it("forgets buckets once they are full again, and only those", async () => {
      const limiter = fresh(ctx.a.limits, 2, 1);
      await limiter.take("refilling", 0);
      await limiter.take("refilling", 0);
      await ctx.a.limits.forgetFullBuckets(1000);
      // Half-way refilled: still remembered, so still one token short of full.
      expect((await limiter.take("refilling", 1000)).ok).toBe(true);
      expect((await limiter.take("refilling", 1000)).ok).toBe(false);
      expect(await ctx.a.limits.forgetFullBuckets(60_000)).toBeGreaterThanOrEqual(1);
      expect(await ctx.a.limits.forgetFullBuckets(60_000)).toBe(0);
      const checks = await Promise.all([0, 1, 2].map(() => limiter.take("refilling", 60_000)));
      expect(checks.filter((c) => c.ok)).toHaveLength(2);
    });

    it("shares buckets between the processes on one database where the adapter says so", async () => {
      const name = `contract-${randomUUID()}`;
      const onA = ctx.a.limits.limiter(name, 10, 0.001);
      const onB = ctx.b.limits.limiter(name, 10, 0.001);
      const checks = await Promise.all(
        Array.from({ length: 80 }, (_, i) => (i % 2 === 0 ? onA : onB).take("address", 0)),
      );
      const expected = ctx.a.limits.shared === "instances" ? 10 : 20;
      expect(checks.filter((c) => c.ok)).toHaveLength(expected);
    });
  });
}
