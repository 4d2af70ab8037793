import { scryptAsync } from "@noble/hashes/scrypt.js";
import { makePinVerifier, PIN_HASH_COSTS } from "@stamp/wire-protocol";
import { describe, expect, it } from "vitest";
import type { StaffSignInStorage } from "../storage/staff-sign-in-store";
import { LOCKOUT_MS, MAX_WRONG_PINS, NO_LOCKOUT, type PinLockout } from "./pin-lockout";
import type { SignedIn } from "./signed-in";
import { openStaffSession } from "./staff-session";

/** The till's storage kept in memory: what survives a "reload" (a new session on it). */
function memoryStorage(): StaffSignInStorage {
  let signedIn: SignedIn | null = null;
  let lockout: PinLockout = NO_LOCKOUT;
  return {
    loadSignedIn: async () => signedIn,
    saveSignedIn: async (next) => {
      signedIn = next;
    },
    loadPinLockout: async () => lockout,
    savePinLockout: async (next) => {
      lockout = next;
    },
  };
}

const salt = new Uint8Array(16).fill(7);
// The cheapest verifier a server can make (its tests' PIN_HASH_COST): checked as any other.
const anna = {
  id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
  name: "Anna",
  pin: await makePinVerifier(
    "4821",
    salt,
    (p, s, params) => scryptAsync(p, s, params),
    PIN_HASH_COSTS.min,
  ),
};
const device = { staff: [anna], staffSignIn: { required: true, idleMinutes: 5 } };

describe("staff session at the till (time driven)", () => {
  it(`locks the PIN pad after ${MAX_WRONG_PINS} wrong PINs, also across a reload, until the time has passed`, async () => {
    const storage = memoryStorage();
    const t0 = 1_700_000_000_000;
    const first = await openStaffSession(storage, device);
    for (let i = 1; i < MAX_WRONG_PINS; i++)
      expect(await first.tryPin(anna, "0000", t0)).toEqual({ kind: "wrong" });
    expect(await first.tryPin(anna, "0000", t0)).toEqual({ kind: "locked", forMs: LOCKOUT_MS });

    // A reload does not open it: the right PIN is not even checked while locked.
    const reloaded = await openStaffSession(storage, device);
    expect(await reloaded.tryPin(anna, "4821", t0 + LOCKOUT_MS - 1)).toEqual({
      kind: "locked",
      forMs: 1,
    });
    expect(reloaded.signedIn.get()).toBeNull();
    expect(await reloaded.tryPin(anna, "4821", t0 + LOCKOUT_MS)).toEqual({ kind: "signed-in" });
    expect(reloaded.signedIn.get()).toMatchObject({ staffId: anna.id, name: "Anna" });
  });

  it("keeps the sign-in across a reload, and signs a Staff Scanner out after the idle time", async () => {
    const storage = memoryStorage();
    const t0 = 1_700_000_000_000;
    const session = await openStaffSession(storage, device);
    await session.tryPin(anna, "4821", t0);
    session.touch(t0 + 60_000);
    const reloaded = await openStaffSession(storage, device);
    expect(reloaded.signedIn.get()?.lastActiveAt).toBe(t0 + 60_000);
    reloaded.review("kiosk", t0 + 3_600_000);
    expect(reloaded.signedIn.get()).not.toBeNull();
    reloaded.review("staff", t0 + 60_000 + 5 * 60_000 - 1);
    expect(reloaded.signedIn.get()).not.toBeNull();
    reloaded.review("staff", t0 + 60_000 + 5 * 60_000);
    expect(reloaded.signedIn.get()).toBeNull();
    await Promise.resolve();
    expect(await storage.loadSignedIn()).toBeNull();
  });
});
