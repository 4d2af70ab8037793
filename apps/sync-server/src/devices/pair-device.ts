import { randomUUID } from "node:crypto";
import type { PairAnswer, PairRequest } from "@stamp/wire-protocol";
import type { Services } from "../services";
import { deviceConfig } from "./device-config";
import { normalizePairingCode } from "./pairing-code";

export type Pairing =
  | { readonly ok: true; readonly config: PairAnswer }
  | { readonly ok: false; readonly reason: "unknown" | "used" | "expired" };

/** Trades a pairing code for a device: one atomic claim, then the device's token and config. */
export async function pairDevice(services: Services, request: PairRequest): Promise<Pairing> {
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
