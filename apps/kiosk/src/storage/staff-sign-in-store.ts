import { NO_LOCKOUT, type PinLockout } from "../staff/pin-lockout";
import type { SignedIn } from "../staff/signed-in";
import type { StampDb } from "./db";

export async function loadSignedIn(db: StampDb): Promise<SignedIn | null> {
  const row = await db.meta.get("signedIn");
  return row?.key === "signedIn" ? row.value : null;
}

export async function saveSignedIn(db: StampDb, signedIn: SignedIn | null): Promise<void> {
  await db.meta.put({ key: "signedIn", value: signedIn });
}

export async function loadPinLockout(db: StampDb): Promise<PinLockout> {
  const row = await db.meta.get("pinLockout");
  return row?.key === "pinLockout" ? row.value : NO_LOCKOUT;
}

export async function savePinLockout(db: StampDb, lockout: PinLockout): Promise<void> {
  await db.meta.put({ key: "pinLockout", value: lockout });
}
