import { pbkdf2, randomBytes, randomInt } from "node:crypto";
import { promisify } from "node:util";
import type { StaffPinHash } from "../storage/store";

const derive = promisify(pbkdf2);

/**
 * Paired devices get this hash to check the staff PIN offline with WebCrypto (PBKDF2, SHA-256,
 * 256 bits). A PIN has few combinations, so the hash only slows down someone holding a device
 * token; the PIN guards leaving kiosk mode and unpairing, not money.
 */
export const STAFF_PIN_ITERATIONS = 100_000;
export const STAFF_PIN = /^[0-9]{4,8}$/;

export async function hashStaffPin(pin: string): Promise<StaffPinHash> {
  const salt = randomBytes(16);
  const hash = await derive(pin, salt, STAFF_PIN_ITERATIONS, 32, "sha256");
  return {
    salt: salt.toString("base64url"),
    iterations: STAFF_PIN_ITERATIONS,
    hash: hash.toString("base64url"),
  };
}

/** Six random digits, printed once at first start. */
export function newStaffPin(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, "0");
}
