import { randomUUID } from "node:crypto";
import type { Services } from "../services";
import { type DeviceConfig, deviceConfig } from "./device-config";
import { normalizePairingCode } from "./pairing-code";

export const DEVICE_MODES = ["staff", "kiosk", "autopilot"] as const;
export type DeviceMode = (typeof DEVICE_MODES)[number];

export type Pairing =
  | { readonly ok: true; readonly config: DeviceConfig & { readonly token: string } }
  | { readonly ok: false; readonly reason: "unknown" | "used" | "expired" };

/** Trades a pairing code for a device: one atomic claim, then the device's token and config. */
export async function pairDevice(
  services: Services,
  request: { code: string; name: string; mode: DeviceMode },
): Promise<Pairing> {
  const claim = await services.store.claimPairingCode(normalizePairingCode(request.code), {
    id: randomUUID(),
    name: request.name,
    mode: request.mode,
    createdAt: services.now(),
  });
  if (!claim.ok) return claim;
  const { device } = claim;
  const token = await services.deviceTokens.issue({
    deviceId: device.id,
    merchantId: device.merchantId,
    locationId: device.locationId as string,
  });
  const config = await deviceConfig(services, device);
  return { ok: true, config: { ...config, token } };
}
