import type { MiddlewareHandler } from "hono";
import { apiKeyHash, isApiKey } from "../api-keys/api-key";
import type { DeviceClaims } from "../secrets/device-tokens";
import type { Services } from "../services";
import type { ApiKeyRecord, DeviceRecord } from "../storage/store";
import { ApiError } from "./api-error";
import { takeToken } from "./rate-limit";

/** Who is calling: a paired device (device token) or a POS/script (API key). */
export type Principal =
  | { readonly kind: "device"; readonly device: DeviceRecord }
  | { readonly kind: "api-key"; readonly key: ApiKeyRecord };

export type PrincipalKind = Principal["kind"];

export type AuthEnv = { Variables: { principal: Principal } };

export function merchantOf(principal: Principal): string {
  switch (principal.kind) {
    case "device":
      return principal.device.merchantId;
    case "api-key":
      return principal.key.merchantId;
    default: {
      const unreachable: never = principal;
      throw new Error(`unknown principal ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The token of an `Authorization: Bearer <token>` header; null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  const match = header === undefined ? null : /^Bearer ([\x21-\x7e]{1,2048})$/.exec(header);
  return match ? (match[1] as string) : null;
}

function bearer(header: string | undefined): string {
  const token = bearerToken(header);
  if (token === null) throw new ApiError("unauthorized", "send Authorization: Bearer <token>");
  return token;
}

/**
 * A device token's claims, its signature checked: no database read yet (`claimedDevice`). At once
 * when this instance verified the very token before (a till sends the same one every round; its
 * device and revocation are still read on every request), else checked now.
 */
function deviceClaims(services: Services, token: string): DeviceClaims | Promise<DeviceClaims> {
  return services.deviceTokens.verified(token) ?? checkedClaims(services, token);
}

async function checkedClaims(services: Services, token: string): Promise<DeviceClaims> {
  const check = await services.deviceTokens.verify(token);
  if (!check.ok)
    throw new ApiError(
      "invalid-token",
      check.reason === "expired" ? "the device token has expired" : "the device token is not valid",
    );
  return check.claims;
}

/**
 * The device a token's claims name, as the request read it (`getDevice`, or a sync round's
 * `syncPlace`): refused unless it is the client device the token was made for, not revoked.
 */
export function claimedDevice(claims: DeviceClaims, device: DeviceRecord | null): DeviceRecord {
  if (
    device?.kind !== "client" ||
    device.merchantId !== claims.merchantId ||
    device.locationId !== claims.locationId
  )
    throw new ApiError("invalid-token", "the device token is not valid");
  if (device.revokedAt !== null)
    throw new ApiError("device-revoked", "this device was unpaired by the merchant; pair it again");
  return device;
}

async function deviceFor(services: Services, token: string): Promise<DeviceRecord> {
  const claims = await deviceClaims(services, token);
  return claimedDevice(claims, await services.store.getDevice(claims.deviceId));
}

async function apiKeyFor(services: Services, token: string): Promise<ApiKeyRecord> {
  const key = await services.store.findApiKey(apiKeyHash(token));
  if (!key) throw new ApiError("invalid-api-key", "the API key is not valid");
  if (key.revokedAt !== null) throw new ApiError("api-key-revoked", "this API key was revoked");
  return key;
}

/** Checks the bearer credential against the kinds a route accepts, then the caller's rate limit. */
export function authenticate(
  services: Services,
  accepts: readonly PrincipalKind[],
): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = bearer(c.req.header("authorization"));
    const isKey = isApiKey(token);
    const kind: PrincipalKind = isKey ? "api-key" : "device";
    if (!accepts.includes(kind))
      throw new ApiError(
        kind === "api-key" ? "invalid-token" : "invalid-api-key",
        `this endpoint takes ${accepts.map((k) => (k === "device" ? "a device token" : "an API key")).join(" or ")}`,
      );
    const principal: Principal = isKey
      ? { kind: "api-key", key: await apiKeyFor(services, token) }
      : { kind: "device", device: await deviceFor(services, token) };
    const bucketKey = principal.kind === "device" ? principal.device.id : principal.key.id;
    const buckets = principal.kind === "device" ? services.limits.device : services.limits.apiKey;
    await takeToken(buckets, bucketKey, services.now());
    c.set("principal", principal);
    await next();
  };
}

export type TillEnv = { Variables: { claims: DeviceClaims } };

/**
 * A device token's signature and the device's rate limit, for a route that reads the device
 * itself together with what it needs first (the sync round: `syncPlace`, one statement) and
 * checks it there with `claimedDevice` before it uses anything the token names.
 */
export function authenticateTill(services: Services): MiddlewareHandler<TillEnv> {
  return async (c, next) => {
    const token = bearer(c.req.header("authorization"));
    if (isApiKey(token)) throw new ApiError("invalid-token", "this endpoint takes a device token");
    const claims = await deviceClaims(services, token);
    await takeToken(services.limits.device, claims.deviceId, services.now());
    c.set("claims", claims);
    await next();
  };
}
