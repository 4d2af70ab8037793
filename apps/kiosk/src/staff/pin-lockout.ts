/**
 * The till's PIN pad lock: after MAX_WRONG_PINS wrong PINs in a row (for anyone) it locks, first
 * for LOCKOUT_MS, each further lock twice as long (at most MAX_LOCKOUT_MS). Kept in IndexedDB, so a
 * reload does not reset it: someone at an unattended till cannot guess through a colleague's PIN.
 * Pure: time is handed in.
 */
export interface PinLockout {
  /** Wrong PINs since the last right one or the last lock. */
  readonly wrong: number;
  /** Locks since the last right PIN: each doubles the next. */
  readonly locks: number;
  readonly lockedUntil: number;
}

export const MAX_WRONG_PINS = 5;
export const LOCKOUT_MS = 60_000;
export const MAX_LOCKOUT_MS = 60 * 60_000;

export const NO_LOCKOUT: PinLockout = { wrong: 0, locks: 0, lockedUntil: 0 };

/** How long the pad stays locked (0: open). */
export function lockedForMs(lockout: PinLockout, nowMs: number): number {
  return Math.max(0, lockout.lockedUntil - nowMs);
}

export function afterWrongPin(lockout: PinLockout, nowMs: number): PinLockout {
  const wrong = lockout.wrong + 1;
  if (wrong < MAX_WRONG_PINS) return { ...lockout, wrong };
  const lockMs = Math.min(MAX_LOCKOUT_MS, LOCKOUT_MS * 2 ** lockout.locks);
  return { wrong: 0, locks: lockout.locks + 1, lockedUntil: nowMs + lockMs };
}

export function afterRightPin(): PinLockout {
  return NO_LOCKOUT;
}
