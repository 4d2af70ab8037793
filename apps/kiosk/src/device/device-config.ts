import { type Jwks, type Program, parseProgram } from "@stamp/core";
import { serverTimeMs } from "../sync/clock-skew";

export interface StaffPinHash {
  /** base64url bytes */
  readonly salt: string;
  readonly iterations: number;
  /** base64url PBKDF2-SHA256 output */
  readonly hash: string;
}

export interface NamedRef {
  readonly id: string;
  readonly name: string;
}

/** What the server tells a paired device about itself (pair and devices/me answers). */
export interface ServerDeviceConfig {
  readonly deviceId: string;
  readonly merchant: NamedRef;
  readonly location: NamedRef;
  readonly programs: readonly Program[];
  /** Each program's join page by program id (absent in pairings stored before it existed). */
  readonly joinLinks?: Readonly<Record<string, string>>;
  readonly jwks: Jwks;
  readonly staffPin: StaffPinHash;
  /** The server's clock when it answered, for the clock-skew warning. */
  readonly serverTimeMs: number | null;
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

export type ConfigParse =
  | { readonly ok: true; readonly config: ServerDeviceConfig }
  | { readonly ok: false; readonly problem: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function namedRef(value: unknown): NamedRef | null {
  if (!isRecord(value) || typeof value.id !== "string" || typeof value.name !== "string")
    return null;
  return { id: value.id, name: value.name };
}

function staffPin(value: unknown): StaffPinHash | null {
  if (
    !isRecord(value) ||
    typeof value.salt !== "string" ||
    typeof value.hash !== "string" ||
    typeof value.iterations !== "number" ||
    !Number.isSafeInteger(value.iterations) ||
    value.iterations < 1
  )
    return null;
  return { salt: value.salt, iterations: value.iterations, hash: value.hash };
}

/** Only https/http links are kept: the kiosk draws them as a QR for customers to open. */
function joinLinks(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] =>
        typeof entry[1] === "string" && /^https?:\/\/\S+$/.test(entry[1]),
    ),
  );
}

function jwks(value: unknown): Jwks | null {
  if (!isRecord(value) || !Array.isArray(value.keys)) return null;
  const keys = value.keys.filter(isRecord).map((k) => ({ ...k, kty: String(k.kty) }));
  return { keys };
}

/**
 * Checks the server's device config before anything is stored: a device must never be paired
 * with programs it cannot fold or keys it cannot verify with.
 */
export function parseServerConfig(body: unknown): ConfigParse {
  if (!isRecord(body)) return { ok: false, problem: "answer is not an object" };
  if (typeof body.deviceId !== "string") return { ok: false, problem: "deviceId missing" };
  const merchant = namedRef(body.merchant);
  const location = namedRef(body.location);
  if (!merchant || !location) return { ok: false, problem: "merchant or location missing" };
  if (!Array.isArray(body.programs)) return { ok: false, problem: "programs missing" };
  const programs: Program[] = [];
  for (const raw of body.programs) {
    const parsed = parseProgram(raw);
    if (!parsed.ok) {
      const issue = parsed.issues[0];
      return { ok: false, problem: `program ${issue?.path ?? ""} ${issue?.message ?? ""}`.trim() };
    }
    programs.push(parsed.value);
  }
  const keys = jwks(body.jwks);
  if (!keys) return { ok: false, problem: "jwks missing" };
  const pin = staffPin(body.staffPin);
  if (!pin) return { ok: false, problem: "staffPin missing" };
  return {
    ok: true,
    config: {
      deviceId: body.deviceId,
      merchant,
      location,
      programs,
      joinLinks: joinLinks(body.joinLinks),
      jwks: keys,
      staffPin: pin,
      serverTimeMs: serverTimeMs(body.serverTime),
    },
  };
}
