import type { TillStaff } from "@stamp/wire-protocol";
import { createStore, type Store } from "../app/store";
import type { DeviceConfig } from "../device/device-config";
import type { Mode } from "../device/settings";
import type { StaffSignInStorage } from "../storage/staff-sign-in-store";
import { afterRightPin, afterWrongPin, lockedForMs } from "./pin-lockout";
import { type SignedIn, stillSignedIn } from "./signed-in";

/** A touch is written down at most this often: enough for the idle sign-out to survive a reload. */
const TOUCH_SAVE_MS = 30_000;

export type PinAttempt =
  | { readonly kind: "signed-in" }
  | { readonly kind: "wrong" }
  | { readonly kind: "locked"; readonly forMs: number };

/** Who works this till, their sign-in by PIN (offline), and the PIN pad's lock-out. */
export interface StaffSession {
  readonly signedIn: Store<SignedIn | null>;
  /** The location's staff who can sign in here. */
  readonly staff: readonly TillStaff[];
  readonly setting: NonNullable<DeviceConfig["staffSignIn"]>;
  /** Checks `pin` for `member` unless the pad is locked; signs them in when it is theirs. */
  tryPin(member: TillStaff, pin: string, nowMs: number): Promise<PinAttempt>;
  signOut(): Promise<void>;
  /** Someone used the till: the idle time starts again. */
  touch(nowMs: number): void;
  /** Signs out whoever may no longer work the till in `mode` at `nowMs` (idle, removed). */
  review(mode: Mode, nowMs: number): void;
}

export async function openStaffSession(
  storage: StaffSignInStorage,
  device: Pick<DeviceConfig, "staff" | "staffSignIn">,
): Promise<StaffSession> {
  const staff = device.staff ?? [];
  const setting = device.staffSignIn ?? { required: false, idleMinutes: 5 };
  const signedIn = createStore<SignedIn | null>(await storage.loadSignedIn());
  let savedTouch = signedIn.get()?.lastActiveAt ?? 0;
  const keep = async (next: SignedIn | null) => {
    signedIn.set(next);
    savedTouch = next?.lastActiveAt ?? 0;
    await storage.saveSignedIn(next);
  };
  return {
    signedIn,
    staff,
    setting,
    async tryPin(member, pin, nowMs) {
      const lockout = await storage.loadPinLockout();
      const forMs = lockedForMs(lockout, nowMs);
      if (forMs > 0) return { kind: "locked", forMs };
      // scrypt is loaded on the first sign-in, not with the app.
      const { isTheirPin } = await import("./till-pin");
      if (await isTheirPin(pin, member)) {
        await storage.savePinLockout(afterRightPin());
        await keep({ staffId: member.id, name: member.name, at: nowMs, lastActiveAt: nowMs });
        return { kind: "signed-in" };
      }
      const next = afterWrongPin(lockout, nowMs);
      await storage.savePinLockout(next);
      const locked = lockedForMs(next, nowMs);
      return locked > 0 ? { kind: "locked", forMs: locked } : { kind: "wrong" };
    },
    signOut: () => keep(null),
    touch(nowMs) {
      const current = signedIn.get();
      if (!current) return;
      const next = { ...current, lastActiveAt: nowMs };
      signedIn.set(next);
      if (nowMs - savedTouch >= TOUCH_SAVE_MS) {
        savedTouch = nowMs;
        void storage.saveSignedIn(next).catch(() => {});
      }
    },
    review(mode, nowMs) {
      const current = signedIn.get();
      if (current && !stillSignedIn(current, staff, setting, mode, nowMs)) void keep(null);
    },
  };
}
