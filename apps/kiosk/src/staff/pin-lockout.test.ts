import { describe, expect, it } from "vitest";
import {
  afterRightPin,
  afterWrongPin,
  LOCKOUT_MS,
  lockedForMs,
  MAX_LOCKOUT_MS,
  MAX_WRONG_PINS,
  NO_LOCKOUT,
  type PinLockout,
} from "./pin-lockout";

const wrongTimes = (start: PinLockout, times: number, nowMs: number) => {
  let lockout = start;
  for (let i = 0; i < times; i++) lockout = afterWrongPin(lockout, nowMs);
  return lockout;
};

describe("PIN pad lock-out", () => {
  it(`locks after ${MAX_WRONG_PINS} wrong PINs, for a minute, and opens again when the time has passed`, () => {
    const t0 = 1_000_000;
    const almost = wrongTimes(NO_LOCKOUT, MAX_WRONG_PINS - 1, t0);
    expect(lockedForMs(almost, t0)).toBe(0);
    const locked = afterWrongPin(almost, t0);
    expect(lockedForMs(locked, t0)).toBe(LOCKOUT_MS);
    expect(lockedForMs(locked, t0 + LOCKOUT_MS - 1)).toBe(1);
    expect(lockedForMs(locked, t0 + LOCKOUT_MS)).toBe(0);
  });

  it("doubles each further lock up to an hour; a right PIN resets it", () => {
    let now = 0;
    let lockout = NO_LOCKOUT;
    const locks: number[] = [];
    for (let i = 0; i < 8; i++) {
      lockout = wrongTimes(lockout, MAX_WRONG_PINS, now);
      locks.push(lockedForMs(lockout, now));
      now += lockedForMs(lockout, now);
    }
    expect(locks).toEqual(
      [1, 2, 4, 8, 16, 32, 60, 60].map((m) => Math.min(m * 60_000, MAX_LOCKOUT_MS)),
    );
    lockout = afterRightPin();
    expect(lockedForMs(wrongTimes(lockout, MAX_WRONG_PINS, now), now)).toBe(LOCKOUT_MS);
  });
});
