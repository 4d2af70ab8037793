import { randomString } from "../secrets/random-token";

/** No 0/O/1/I: codes are read off a screen and typed on a tablet. 32⁸ ≈ 10¹² codes. */
export const PAIRING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const PAIRING_CODE_LENGTH = 8;
export const PAIRING_TTL_MS = 15 * 60 * 1000;

export function newPairingCode(): string {
  return randomString(PAIRING_ALPHABET, PAIRING_CODE_LENGTH);
}

/** What people type: any case, with or without the dash or spaces shown for readability. */
export function normalizePairingCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

/** `ABCD-EFGH`, easier to read aloud than eight letters in a row. */
export function displayPairingCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
