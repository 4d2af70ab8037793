import { describe, expect, it } from "vitest";
import { Dedupe, REPEAT_WINDOW_MS } from "./dedupe";

describe("Dedupe", () => {
  it("accepts a code once while it stays in view", () => {
    const dedupe = new Dedupe();
    expect(dedupe.accept("A", 0)).toBe(true);
    expect(dedupe.accept("A", 500)).toBe(false);
    expect(dedupe.accept("A", 500 + REPEAT_WINDOW_MS - 1)).toBe(false);
  });

  it("accepts the same code again after a pause", () => {
    const dedupe = new Dedupe();
    dedupe.accept("A", 0);
    expect(dedupe.accept("A", REPEAT_WINDOW_MS)).toBe(true);
  });

  it("accepts a different code at once", () => {
    const dedupe = new Dedupe();
    dedupe.accept("A", 0);
    expect(dedupe.accept("B", 10)).toBe(true);
    expect(dedupe.accept("A", 20)).toBe(true);
  });

  it("forgets on reset", () => {
    const dedupe = new Dedupe();
    dedupe.accept("A", 0);
    dedupe.reset();
    expect(dedupe.accept("A", 1)).toBe(true);
  });
});
