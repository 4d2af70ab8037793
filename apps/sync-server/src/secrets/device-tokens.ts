import { errors, jwtVerify, SignJWT } from "jose";
import type { SecretStore } from "../storage/store";
import { randomToken } from "./random-token";

export interface DeviceClaims {
  readonly deviceId: string;
  readonly merchantId: string;
  readonly locationId: string;
}

export type TokenCheck =
  | { readonly ok: true; readonly claims: DeviceClaims }
  | { readonly ok: false; readonly reason: "expired" | "invalid" };

const ISSUER = "stamp";
const AUDIENCE = "stamp-device";
/** The key's name among the secrets (a file under DATA_DIR/secrets on SQLite). */
export const DEVICE_TOKEN_KEY = "device-token.key";

/**
 * Device tokens are HS256 JWTs naming the device and its scope. They carry no expiry: a till must
 * keep working for months; revocation is checked against the devices table on every request.
 */
export class DeviceTokens {
  readonly #key: Uint8Array;

  private constructor(key: Uint8Array) {
    this.#key = key;
  }

  /** The key every instance signs with, made by the first to start (DATA_DIR or the database). */
  static async open(secrets: SecretStore): Promise<DeviceTokens> {
    const text = await secrets.readOrCreate(DEVICE_TOKEN_KEY, async () => randomToken(32));
    return new DeviceTokens(Buffer.from(text.trim(), "base64url"));
  }

  issue(claims: DeviceClaims): Promise<string> {
    return new SignJWT({ mer: claims.merchantId, loc: claims.locationId })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.deviceId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .sign(this.#key);
  }

  async verify(token: string): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ["HS256"],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      const { sub, mer, loc } = payload;
      if (typeof sub !== "string" || typeof mer !== "string" || typeof loc !== "string")
        return { ok: false, reason: "invalid" };
      return { ok: true, claims: { deviceId: sub, merchantId: mer, locationId: loc } };
    } catch (error) {
      return { ok: false, reason: error instanceof errors.JWTExpired ? "expired" : "invalid" };
    }
  }
}
