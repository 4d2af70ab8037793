import { randomBytes, randomInt } from "node:crypto";
import { hashStaffPin, type StaffPinHash } from "@stamp/wire-protocol";

/** The hash tills check the PIN against offline (the wire protocol's one PBKDF2 implementation). */
export function staffPinHash(pin: string): Promise<StaffPinHash> {
  return hashStaffPin(pin, randomBytes(16), crypto.subtle);
}

/** Six random digits, printed once at first start. */
export function newStaffPin(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, "0");
}
