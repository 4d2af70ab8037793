import { randomBytes, scrypt } from "node:crypto";
import {
  checkPinVerifier,
  makePinVerifier,
  PERSONAL_PIN,
  type PinVerifier,
  type Scrypt,
} from "@stamp/wire-protocol";
import type { AppServices } from "../services";

/** Node's scrypt in the wire protocol's shape (the till runs @noble/hashes' on the same verifier). */
export const nodeScrypt: Scrypt = (password, salt, { N, r, p, dkLen }) =>
  new Promise((resolve, reject) =>
    scrypt(password, salt, dkLen, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
      error ? reject(error) : resolve(new Uint8Array(key)),
    ),
  );

export type PinChange =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "invalid" | "taken" | "unknown" };

/**
 * Sets a staff member's personal PIN: 4–6 digits, not the PIN of anyone else at one of their
 * locations (a till knows who signs in by name and PIN, and a shared PIN would let one pass as the
 * other). Verifiers are salted, so the check tries the PIN against each colleague's verifier; it
 * runs one at a time per merchant, so two people cannot take the same PIN at once.
 */
export async function setPersonalPin(
  services: AppServices,
  merchantId: string,
  staffId: string,
  pin: string,
): Promise<PinChange> {
  if (!PERSONAL_PIN.test(pin)) return { ok: false, reason: "invalid" };
  return services.storage.exclusively(`staff-pins/${merchantId}`, async () => {
    const { store } = services;
    const staff = await store.getStaff(merchantId, staffId);
    if (!staff) return { ok: false, reason: "unknown" };
    if (await pinTaken(services, merchantId, staff.locationIds, staffId, pin))
      return { ok: false, reason: "taken" };
    const verifier = await pinVerifier(pin, services.pinHashCost);
    return (await store.setPersonalPin(merchantId, staffId, verifier))
      ? { ok: true }
      : { ok: false, reason: "unknown" };
  });
}

/** `cost`: PIN_HASH_COST (`services.pinHashCost`); the verifier carries it, so it checks at any later cost. */
export function pinVerifier(pin: string, cost: number): Promise<PinVerifier> {
  return makePinVerifier(pin, randomBytes(16), nodeScrypt, cost);
}

/** Whether a colleague at one of `locationIds` has this PIN already. */
export async function pinTaken(
  services: AppServices,
  merchantId: string,
  locationIds: readonly string[],
  staffId: string,
  pin: string,
): Promise<boolean> {
  const seen = new Set<string>([staffId]);
  for (const locationId of locationIds)
    for (const colleague of await services.store.tillStaff(merchantId, locationId)) {
      if (seen.has(colleague.id)) continue;
      seen.add(colleague.id);
      if (await checkPinVerifier(pin, colleague.pin, nodeScrypt)) return true;
    }
  return false;
}
