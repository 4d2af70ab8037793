import { HELD_PULL_GAP_MS } from "@stamp/wire-protocol";
import { describe, expect, it } from "vitest";
import {
  HeldPace,
  type LoopTime,
  PACE_EASY,
  PACE_FULL,
  PACE_WINDOW_MS,
  skippingShare,
  skipsMoment,
} from "./held-pace";
import { waitAfterMs, waitPhase } from "./wait-phase";

const tills = Array.from(
  { length: 1_000 },
  (_, i) => `0193a1b2-c3d4-7e5f-8a6b-${String(i).padStart(12, "0")}`,
);
const GAP = HELD_PULL_GAP_MS;
const AT = 1_796_580_000_000;

/** A loop clock the test moves: `spend(busy, ms)` passes `ms` of which a `busy` share was work. */
function testLoop() {
  const time: { idle: number; active: number } = { idle: 0, active: 0 };
  return {
    read: (): LoopTime => ({ ...time }),
    spend(busy: number, ms: number) {
      time.active += busy * ms;
      time.idle += (1 - busy) * ms;
    },
  };
}

describe("how many held tills skip their next moment", () => {
  it("is none while the loop is easy, all when it is full, in proportion between", () => {
    expect(skippingShare(0)).toBe(0);
    expect(skippingShare(PACE_EASY)).toBe(0);
    expect(skippingShare((PACE_EASY + PACE_FULL) / 2)).toBeCloseTo(0.5);
    expect(skippingShare(PACE_FULL)).toBe(1);
    expect(skippingShare(1)).toBe(1);
  });

  it("skips that share of the tills, a different few each gap", () => {
    for (const share of [0, 0.3, 0.7, 1]) {
      const skipping = tills.filter((till) => skipsMoment(till, AT, share)).length;
      expect(Math.abs(skipping - share * tills.length)).toBeLessThan(50);
    }
    const now = new Set(tills.filter((till) => skipsMoment(till, AT, 0.5)));
    const next = tills.filter((till) => skipsMoment(till, AT + GAP, 0.5));
    const again = next.filter((till) => now.has(till)).length;
    // Independent turns: about half of the ones skipping now skip again.
    expect(Math.abs(again - next.length / 2)).toBeLessThan(60);
  });

  it("follows the loop's busy share of the last whole window", () => {
    const loop = testLoop();
    const pace = new HeldPace(loop.read);
    expect(pace.share).toBe(0);
    loop.spend(0.9, PACE_WINDOW_MS / 2);
    // Half a window: not judged yet.
    expect(pace.share).toBe(0);
    loop.spend(0.9, PACE_WINDOW_MS / 2);
    expect(pace.share).toBe(1);
    loop.spend(PACE_EASY, PACE_WINDOW_MS);
    expect(pace.share).toBe(0);
    loop.spend((PACE_EASY + PACE_FULL) / 2, 2 * PACE_WINDOW_MS);
    expect(pace.share).toBeCloseTo(0.5);
  });
});

describe("a till that skips its next moment", () => {
  it("asks again at its own moment a gap later, never more than two gaps after the answer", () => {
    for (const till of tills.slice(0, 100)) {
      const moment = AT + waitPhase(till);
      // It kept to its moment: it arrived 5 ms after it, answered at once or 30 ms later.
      for (const held of [0, 30]) {
        const answered = moment + 5 + held;
        const after = waitAfterMs(till, moment + 5, answered, true);
        expect(answered + after).toBe(moment + 2 * GAP);
        expect(after).toBeLessThanOrEqual(2 * GAP);
      }
      // It came off its moment (a restart): still at most two gaps.
      const off = moment + 400;
      expect(waitAfterMs(till, off, off, true)).toBeLessThanOrEqual(2 * GAP);
    }
  });
});
