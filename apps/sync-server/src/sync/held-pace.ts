import { performance } from "node:perf_hooks";
import { hash53 } from "@stamp/core";
import { HELD_PULL_GAP_MS } from "@stamp/wire-protocol";

/**
 * How often idle tills come back when the event loop is busy (issue 13). ~1,000 idle tills each
 * re-asking once a gap, most of them answered at once (their location gained events meanwhile),
 * kept the loop ~60 % busy, and a busy till's round (a push, a pull that is not held: what a
 * cashier waits on) queued behind bursts of those answers. Held answers are not urgent, so when the
 * loop was busier than PACE_EASY since it was last read (at least PACE_WINDOW_MS before), a share
 * of the tills answered is told to skip its next moment (`waitAfterMs` a gap longer): none at
 * PACE_EASY, all at PACE_FULL, in between the share in proportion. Which tills skip turns with each
 * gap (a hash of the till and the gap), so none is always the late one. Bounded: no till is told
 * to wait more than two gaps (the protocol's cap on `waitAfterMs`), so an idle till still learns
 * of a stamp within ~2 s.
 */
export const PACE_EASY = 0.2;
/**
 * The loop's busy share at which every till answered skips its next moment. At 1,000 tills (20
 * busy) the loop was ~60 % busy, most of it held answers, so with all of them skipping it is
 * ~35 %: the share settles near all; at 300 tills (~20 % busy) few skip or none.
 */
export const PACE_FULL = 0.35;
/** The least time the loop's busy share is measured over before the share of skipping moves. */
export const PACE_WINDOW_MS = 500;

/** The share (0 to 1) of the tills answered now that skip their next moment, at `busy` (0 to 1). */
export function skippingShare(busy: number): number {
  return Math.min(1, Math.max(0, (busy - PACE_EASY) / (PACE_FULL - PACE_EASY)));
}

/** Whether a till answered at `nowMs` skips its next moment when `share` of them do. */
export function skipsMoment(deviceId: string, nowMs: number, share: number): boolean {
  if (share <= 0) return false;
  const gap = Math.floor(nowMs / HELD_PULL_GAP_MS);
  return hash53(deviceId, gap) / 2 ** 53 < share;
}

/** The event loop's time so far (ms), as `performance.eventLoopUtilization()` counts it. */
export interface LoopTime {
  readonly idle: number;
  readonly active: number;
}

/** Reads the loop's time; tests hand in their own. */
export type LoopClock = () => LoopTime;

const realLoop: LoopClock = () => performance.eventLoopUtilization();

/**
 * The share of held tills that skip their next moment now (`skippingShare`): the loop's busy share
 * since it was last read, read again once PACE_WINDOW_MS has passed (no timer of its own: after a
 * quiet spell the whole spell counts).
 */
export class HeldPace {
  readonly #loop: LoopClock;
  #from: LoopTime;
  #share = 0;

  constructor(loop: LoopClock = realLoop) {
    this.#loop = loop;
    this.#from = loop();
  }

  /** The share (0 to 1) of tills answered now that skip their next moment. */
  get share(): number {
    const now = this.#loop();
    const idle = now.idle - this.#from.idle;
    const active = now.active - this.#from.active;
    if (idle + active >= PACE_WINDOW_MS) {
      this.#share = skippingShare(active / (idle + active));
      this.#from = now;
    }
    return this.#share;
  }
}
