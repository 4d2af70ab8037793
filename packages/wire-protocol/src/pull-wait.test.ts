import { describe, expect, it } from "vitest";
import { HELD_PULL_GAP_MS, heldPullDelay } from "./pull-wait";

describe("heldPullDelay", () => {
  it("waits out the rest of the gap since the last held pull started", () => {
    expect(heldPullDelay(300, 0)).toBe(HELD_PULL_GAP_MS - 300);
    expect(heldPullDelay(HELD_PULL_GAP_MS + 5, 0)).toBe(0);
  });

  it("never starts before the moment the answer asked for", () => {
    expect(heldPullDelay(300, 1_500)).toBe(1_500);
    expect(heldPullDelay(HELD_PULL_GAP_MS * 3, 420)).toBe(420);
  });
});
