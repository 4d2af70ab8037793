import { scryptAsync } from "@noble/hashes/scrypt.js";
import { checkPinVerifier, type Scrypt, type TillStaff } from "@stamp/wire-protocol";

/** WebCrypto has no scrypt: @noble/hashes' RFC 7914 scrypt, yielding to the UI every 10 ms. */
const browserScrypt: Scrypt = (password, salt, params) =>
  scryptAsync(password, salt, { ...params, asyncTick: 10 });

/** Whether `pin` is this staff member's, checked offline against the verifier from the server. */
export function isTheirPin(pin: string, staff: TillStaff): Promise<boolean> {
  return checkPinVerifier(pin, staff.pin, browserScrypt);
}
