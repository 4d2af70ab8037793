import { describe, expect, it } from "vitest";
import { RETRY_MAX_MS, RETRY_MIN_MS, retryDelay } from "./backoff";

describe("retryDelay", () => {
  it("doubles from 2 s and stops at 5 min", () => {
    const middle = () => 0.5;
    expect(retryDelay(1, middle)).toBe(RETRY_MIN_MS);
    expect(retryDelay(2, middle)).toBe(4_000);
    expect(retryDelay(3, middle)).toBe(8_000);
    expect(retryDelay(9, middle)).toBe(RETRY_MAX_MS);
    expect(retryDelay(60, middle)).toBe(RETRY_MAX_MS);
  });

  it("spreads retries by ±20 % and never exceeds the ceiling", () => {
    expect(retryDelay(1, () => 0)).toBe(1_600);
    expect(retryDelay(1, () => 0.999999)).toBe(2_400);
    expect(retryDelay(20, () => 0.999999)).toBe(RETRY_MAX_MS);
  });

  it("waits at least as long as the server asks, within the ceiling", () => {
    expect(retryDelay(1, () => 0.5, 30_000)).toBe(30_000);
    expect(retryDelay(1, () => 0.5, 500)).toBe(RETRY_MIN_MS);
    expect(retryDelay(1, () => 0.5, 86_400_000)).toBe(RETRY_MAX_MS);
  });
});
