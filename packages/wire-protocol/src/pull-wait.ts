import * as v from "valibot";

/**
 * The long-poll of `POST /api/v1/sync`: a till with nothing to push may ask the server to hold its
 * pull until its sync scope gains an event (or `wait` seconds pass), so an idle till asks about
 * twice a minute instead of polling. Answers advertise it (`maxWait`); a till sends `wait` only to
 * a server that did, so a server from before it (whose request schema is strict) never sees the
 * field, and a till that never asks is answered at once as before. No protocol bump: a field an
 * older peer may ignore (README § Versions).
 */

/** The longest a server holds a pull: under the 30 s that proxies and tills give up after. */
export const MAX_PULL_WAIT_SECONDS = 25;

/**
 * A till starts held pulls at least this far apart, however soon they are answered: a busy scope
 * (or a server answering at once) costs each till at most one pull a second.
 */
export const HELD_PULL_GAP_MS = 1_000;

/** The request's `wait`: whole seconds, 1 to MAX_PULL_WAIT_SECONDS. */
export const PULL_WAIT = v.pipe(
  v.number("must be a number of seconds"),
  v.integer("must be whole seconds"),
  v.minValue(1, "must be at least 1 second"),
  v.maxValue(MAX_PULL_WAIT_SECONDS, `must be at most ${MAX_PULL_WAIT_SECONDS} seconds`),
);

/**
 * The answer's `maxWait`: the longest `wait` the server honours on this device's next pull. Absent
 * when the server holds no pulls (older servers) or has no room for this device now: the till
 * polls on its timer until an answer offers it again. Read leniently (any number; `offeredWait`
 * makes it a `wait`), so a server that offers more one day does not fail a till's whole answer.
 */
export const MAX_WAIT = v.optional(v.number());

/** The `wait` a till may send after an answer that offered `maxWait`; null: poll on a timer. */
export function offeredWait(maxWait: number | undefined): number | null {
  if (maxWait === undefined || !Number.isFinite(maxWait) || maxWait < 1) return null;
  return Math.min(MAX_PULL_WAIT_SECONDS, Math.floor(maxWait));
}

/**
 * The answer's `waitAfterMs` (to a till that asked to be held): start the next held pull no sooner
 * than this long after the answer came, as well as at most one per HELD_PULL_GAP_MS. The server
 * gives each till its own moment in the gap, so tills that asked (or were woken) together do not
 * all ask again together: ~1,000 tills re-asking at once kept the server's event loop busy for
 * hundreds of ms (issue 13). Optional and read leniently, like `maxWait`: an older till ignores
 * it, and `offeredWaitAfter` caps it at two gaps.
 */
export const WAIT_AFTER = v.optional(v.number());

/** How long a till waits before its next held pull as the answer asks (ms): 0 when it does not. */
export function offeredWaitAfter(waitAfterMs: number | undefined): number {
  if (waitAfterMs === undefined || !Number.isFinite(waitAfterMs) || waitAfterMs <= 0) return 0;
  return Math.min(2 * HELD_PULL_GAP_MS, Math.round(waitAfterMs));
}

/**
 * How long a till waits before its next held pull (ms), `sinceStartMs` after it started the last
 * one: at most one per HELD_PULL_GAP_MS, and not before the moment the answer asked for
 * (`waitAfterMs`, as `offeredWaitAfter` read it). The kiosk's scheduler and the bench's tills
 * both wait so.
 */
export function heldPullDelay(sinceStartMs: number, waitAfterMs: number): number {
  return Math.max(0, HELD_PULL_GAP_MS - sinceStartMs, waitAfterMs);
}
