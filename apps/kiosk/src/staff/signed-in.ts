import type { StaffSignIn, TillStaff } from "@stamp/wire-protocol";
import type { Mode } from "../device/settings";

/** Who works the till now (stamp-core SPEC V9): their events carry `staffId`. Kept in IndexedDB. */
export interface SignedIn {
  readonly staffId: string;
  readonly name: string;
  readonly at: number;
  /** Last touch of the screen or keyboard in the Staff Scanner. */
  readonly lastActiveAt: number;
}

/**
 * Whether `signedIn` still works the till at `nowMs`: they must still be on the location's staff
 * (a removed person is signed out once the till learns it), and a Staff Scanner untouched for the
 * location's idle time signs them out. Kiosk and Autopilot run unattended: whoever opened them
 * stays until someone changes mode.
 */
export function stillSignedIn(
  signedIn: SignedIn | null,
  staff: readonly TillStaff[],
  setting: StaffSignIn,
  mode: Mode,
  nowMs: number,
): SignedIn | null {
  if (!signedIn) return null;
  if (!staff.some((s) => s.id === signedIn.staffId)) return null;
  if (mode === "staff" && nowMs - signedIn.lastActiveAt >= setting.idleMinutes * 60_000)
    return null;
  return signedIn;
}

/** Whether the till may work at all: sign-in is off, or someone is signed in. */
export function tillOpen(setting: StaffSignIn, signedIn: SignedIn | null): boolean {
  return !setting.required || signedIn !== null;
}
