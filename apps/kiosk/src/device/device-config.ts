import { decodeBase64url, firstIssue, parseWith } from "@stamp/core";
import {
  type DeviceConfigAnswer,
  DeviceConfigSchema,
  PairAnswerSchema,
} from "@stamp/wire-protocol";

/** What the server tells a paired device about itself (pair and devices/me answers), as kept. */
export interface ServerDeviceConfig
  extends Pick<
    DeviceConfigAnswer,
    "deviceId" | "merchant" | "location" | "programs" | "jwks" | "staffPin"
  > {
  /** Each program's join page by program id (absent in pairings stored before it existed). */
  readonly joinLinks?: DeviceConfigAnswer["joinLinks"];
  /** Rotating-barcode secrets (absent in pairings stored before a server sent them). */
  readonly rotatingBarcodeKeys?: DeviceConfigAnswer["rotatingBarcodeKeys"];
  /** The location's staff with PIN verifiers (absent in pairings stored before personal PINs). */
  readonly staff?: DeviceConfigAnswer["staff"];
  readonly staffSignIn?: DeviceConfigAnswer["staffSignIn"];
}

/** The pairing as stored on the device. */
export interface DeviceConfig extends ServerDeviceConfig {
  readonly token: string;
  readonly deviceName: string;
  readonly pairedAt: number;
  /** Last time programs, keys and PIN were fetched from the server. */
  readonly refreshedAt: number;
  /** Set when the server answered 401: the merchant revoked this device. */
  readonly unpairedAt?: number;
}

export type ConfigParse<T> =
  | { readonly ok: true; readonly config: T }
  | { readonly ok: false; readonly problem: string };

function kept(answer: DeviceConfigAnswer): ServerDeviceConfig {
  const { deviceId, merchant, location, programs, joinLinks, jwks, rotatingBarcodeKeys } = answer;
  const { staffPin, staff, staffSignIn } = answer;
  return {
    deviceId,
    merchant,
    location,
    programs,
    joinLinks,
    jwks,
    rotatingBarcodeKeys,
    staffPin,
    staff,
    staffSignIn,
  };
}

/**
 * Checks the server's device config (`GET /api/v1/devices/me`) with the shared wire-protocol
 * schema before anything is stored: a device must never be paired with programs it cannot fold
 * or keys it cannot verify with.
 */
export function parseServerConfig(body: unknown): ConfigParse<ServerDeviceConfig> {
  const parsed = parseWith(DeviceConfigSchema, body);
  return parsed.ok
    ? { ok: true, config: kept(parsed.value) }
    : { ok: false, problem: firstIssue(parsed.issues) };
}

/** The pairing answer (`POST /api/v1/devices/pair`): the config and the device's token. */
export function parsePairAnswer(
  body: unknown,
): ConfigParse<ServerDeviceConfig & { readonly token: string }> {
  const parsed = parseWith(PairAnswerSchema, body);
  return parsed.ok
    ? { ok: true, config: { ...kept(parsed.value), token: parsed.value.token } }
    : { ok: false, problem: firstIssue(parsed.issues) };
}

/** The rotating-barcode secrets a till checks Google cards with (stamp-core SPEC K10–K11). */
export function rotatingSecretsOf(config: ServerDeviceConfig): Uint8Array[] {
  return (config.rotatingBarcodeKeys ?? []).flatMap(({ key }) => decodeBase64url(key) ?? []);
}
