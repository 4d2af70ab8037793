import { type DeviceConfigAnswer, NO_STAFF_SIGN_IN } from "@stamp/wire-protocol";
import type { Services } from "../services";
import type { DeviceRecord } from "../storage/store";
import { joinLink } from "../wallet/card-links";

/**
 * What a paired device keeps to work offline: scope, programs, card-code keys, the rotating-barcode
 * secrets (stamp-core SPEC K10: the till derives each card's TOTP key from them), staff PIN check,
 * and the location's staff with their PIN verifiers, so a till signs people in offline.
 */
export async function deviceConfig(
  services: Services,
  device: DeviceRecord,
): Promise<DeviceConfigAnswer> {
  const { store } = services;
  const merchant = await store.getMerchant(device.merchantId);
  const location =
    device.locationId === null
      ? null
      : await store.getLocation(device.merchantId, device.locationId);
  if (!merchant || !location)
    throw new Error(`device ${device.id} has lost its merchant or location`);
  const programs = await store.listPrograms(device.merchantId);
  const keys = await services.cardKeys.forMerchant(device.merchantId);
  return {
    deviceId: device.id,
    name: device.name,
    mode: device.mode,
    merchant: { id: merchant.id, name: merchant.name },
    location: { id: location.id, name: location.name },
    programs: programs.map((p) => p.program),
    joinLinks: Object.fromEntries(
      programs.map((p) => [p.program.id, joinLink(services.publicUrl, p.slug)]),
    ),
    jwks: keys.jwks,
    rotatingBarcodeKeys: (
      await services.rotatingKeys.forMerchant(device.merchantId, services.now())
    ).accepted.map(({ kid, secret }) => ({ kid, key: Buffer.from(secret).toString("base64url") })),
    staffPin: location.staffPin,
    staff: await store.tillStaff(device.merchantId, location.id),
    staffSignIn: location.staffSignIn ?? NO_STAFF_SIGN_IN,
    serverTime: new Date(services.now()).toISOString(),
  };
}
