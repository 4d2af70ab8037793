import type { Services } from "../services";
import { newPairingCode, PAIRING_TTL_MS } from "./pairing-code";

export type PairingCodeCreation =
  | { readonly ok: true; readonly code: string; readonly expiresAt: number }
  | { readonly ok: false; readonly reason: "unknown-location" | "too-many-codes" };

/**
 * A single-use code that pairs one device to a location, valid for 15 minutes; refused while the
 * location has MAX_OPEN_PAIRING_CODES_PER_LOCATION waiting (storage/stored-bounds).
 */
export async function createPairingCode(
  services: Pick<Services, "store" | "now">,
  location: { merchantId: string; locationId: string },
): Promise<PairingCodeCreation> {
  const found = await services.store.getLocation(location.merchantId, location.locationId);
  if (!found) return { ok: false, reason: "unknown-location" };
  const now = services.now();
  const code = newPairingCode();
  const expiresAt = now + PAIRING_TTL_MS;
  const kept = await services.store.createPairingCode({
    code,
    ...location,
    createdAt: now,
    expiresAt,
  });
  return kept ? { ok: true, code, expiresAt } : { ok: false, reason: "too-many-codes" };
}
