import { HELD_PULL_GAP_MS } from "@stamp/wire-protocol";
import { describe, expect, it } from "vitest";
import { WAIT_SLACK_MS, waitAfterMs, waitPhase } from "./wait-phase";

const tills = Array.from(
  { length: 1_000 },
  (_, i) => `0193a1b2-c3d4-7e5f-8a6b-${String(i).padStart(12, "0")}`,
);
const GAP = HELD_PULL_GAP_MS;

/** The most of `times` (ms) in any one tenth of a second. */
function mostInATenth(times: readonly number[]): number {
  const byTenth = new Map<number, number>();
  for (const at of times) {
    const tenth = Math.floor(at / 100);
    byTenth.set(tenth, (byTenth.get(tenth) ?? 0) + 1);
  }
  return Math.max(...byTenth.values());
}

describe("each till's moment in the held-pull gap", () => {
  it("spreads a thousand tills evenly over the gap", () => {
    const phases = tills.map(waitPhase);
    for (const phase of phases) {
      expect(phase).toBeGreaterThanOrEqual(0);
      expect(phase).toBeLessThan(GAP);
    }
    // Evenly, a tenth of the gap holds 100 of them.
    expect(mostInATenth(phases)).toBeLessThan(140);
  });

  it("sends tills that asked together back each at its own moment, a gap later and within two", () => {
    const arrived = 1_796_580_000_123;
    const answered = arrived + 40;
    const next = tills.map((till) => answered + waitAfterMs(till, arrived, answered));
    for (const [i, at] of next.entries()) {
      expect(at).toBeGreaterThanOrEqual(arrived + GAP - WAIT_SLACK_MS);
      expect(at).toBeLessThan(arrived + 2 * GAP);
      expect(at % GAP).toBe(waitPhase(tills[i] as string));
    }
    expect(mostInATenth(next)).toBeLessThan(140);
  });

  it("keeps a till at its moment to a gap a pull, however soon it is answered", () => {
    const till = tills[7] as string;
    const left = 1_796_580_000_000 + waitPhase(till);
    // It arrived 10 ms after it left, was answered at once or 300 ms later (woken).
    for (const held of [0, 300])
      expect(left + 10 + held + waitAfterMs(till, left + 10, left + 10 + held)).toBe(left + GAP);
  });

  it("sends tills woken together after a long wait back each at its own moment from now", () => {
    const arrived = 1_796_580_000_000;
    const woken = arrived + 7_250;
    const next = tills.map((till) => woken + waitAfterMs(till, arrived, woken));
    for (const at of next) {
      expect(at).toBeGreaterThanOrEqual(woken);
      expect(at).toBeLessThan(woken + GAP);
    }
    expect(mostInATenth(next)).toBeLessThan(140);
  });
});
