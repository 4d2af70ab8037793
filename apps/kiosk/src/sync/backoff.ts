import { HELD_PULL_GAP_MS } from "@stamp/wire-protocol";

/** First retry after a failure. */
export const RETRY_MIN_MS = 2_000;
/** Retries never wait longer than this, so a till catches up within minutes of the network. */
export const RETRY_MAX_MS = 300_000;
/** Between successful syncs, to pull what other devices did (when the server holds no pulls). */
export const STEADY_MS = 30_000;
/** Held pulls start at least this far apart, however soon the server answers them. */
export const WAIT_GAP_MS = HELD_PULL_GAP_MS;
/** New events wait this long for companions, so a burst of scans goes up as one batch. */
export const EVENT_DEBOUNCE_MS = 300;

/**
 * Exponential backoff with ±20 % jitter, so tills that lost the network together do not come
 * back in lockstep. A server's Retry-After is honoured when it asks for longer.
 */
export function retryDelay(
  failures: number,
  random: () => number,
  retryAfterMs: number | null = null,
): number {
  const exponent = Math.max(0, failures - 1);
  const base = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** exponent);
  const jittered = Math.min(RETRY_MAX_MS, Math.round(base * (0.8 + 0.4 * random())));
  return retryAfterMs === null
    ? jittered
    : Math.max(jittered, Math.min(retryAfterMs, RETRY_MAX_MS));
}
