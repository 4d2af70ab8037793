import { NO_LOCKOUT, type PinLockout } from "../staff/pin-lockout";
import type { SignedIn } from "../staff/signed-in";
import type { StampDb } from "./db";
import type { Durable } from "./storage-guard";

/** Where a till keeps who is signed in and its PIN pad's lock-out (IndexedDB; memory in tests). */
export interface StaffSignInStorage {
  loadSignedIn(): Promise<SignedIn | null>;
  saveSignedIn(signedIn: SignedIn | null): Promise<void>;
  loadPinLockout(): Promise<PinLockout>;
  savePinLockout(lockout: PinLockout): Promise<void>;
}

/** The `meta` rows `signedIn` and `pinLockout`, every access guarded like the till's other writes. */
export function indexedDbStaffStorage(db: StampDb, durable: Durable): StaffSignInStorage {
  return {
    loadSignedIn: () =>
      durable(async () => {
        const row = await db.meta.get("signedIn");
        return row?.key === "signedIn" ? row.value : null;
      }),
    saveSignedIn: (signedIn) =>
      durable(async () => {
        await db.meta.put({ key: "signedIn", value: signedIn });
      }),
    loadPinLockout: () =>
      durable(async () => {
        const row = await db.meta.get("pinLockout");
        return row?.key === "pinLockout" ? row.value : NO_LOCKOUT;
      }),
    savePinLockout: (lockout) =>
      durable(async () => {
        await db.meta.put({ key: "pinLockout", value: lockout });
      }),
  };
}
