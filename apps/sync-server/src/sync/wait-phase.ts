import { hash53 } from "@stamp/core";
import { HELD_PULL_GAP_MS } from "@stamp/wire-protocol";

/** How much sooner than a whole gap after its request arrived a till may come: its way here. */
export const WAIT_SLACK_MS = 50;

/**
 * A till's own moment in each HELD_PULL_GAP_MS (ms, 0 to the gap): its id's hash (`hash53`, the
 * one stamp-core gives every replica), so the tills of a shop spread evenly over the gap, the same
 * moment for a till in every answer and on every instance.
 */
export function waitPhase(deviceId: string): number {
  return hash53(deviceId) % HELD_PULL_GAP_MS;
}

/**
 * The answer's `waitAfterMs` for a till that asked to be held (wire protocol `pull-wait.ts`): from
 * `nowMs` to its first moment (`waitPhase`) a gap after its request arrived (`arrivedMs`, less
 * WAIT_SLACK_MS) and not before now. A till that keeps to its moment is told what its own gap has
 * it wait anyway; tills that asked together (all of them after a restart, or a bench starting
 * them at once) or were woken together (a whole shop after a quiet spell) ask again each at its
 * own moment, within a gap, instead of all at once (issue 13: ~1,000 re-asks together kept the
 * event loop busy for hundreds of ms). At most two gaps.
 */
export function waitAfterMs(deviceId: string, arrivedMs: number, nowMs: number): number {
  const earliest = Math.max(arrivedMs + HELD_PULL_GAP_MS - WAIT_SLACK_MS, nowMs);
  const phase = waitPhase(deviceId);
  const ahead = (((phase - earliest) % HELD_PULL_GAP_MS) + HELD_PULL_GAP_MS) % HELD_PULL_GAP_MS;
  return earliest + ahead - nowMs;
}
