import { join } from "node:path";
import { errors, jwtVerify, SignJWT } from "jose";
import { randomToken } from "./random-token";
import { readOrCreateSecret } from "./secret-file";

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

/**
 * Device tokens are HS256 JWTs naming the device and its scope. They carry no expiry: a till must
 * keep working for months; revocation is checked against the devices table on every request.
 */
export class DeviceTokens {
  readonly #key: Uint8Array;

  private constructor(key: Uint8Array) {
    this.#key = key;
  }

  static load(dataDir: string): DeviceTokens {
    const text = readOrCreateSecret(join(dataDir, "secrets", "device-token.key"), () =>
      randomToken(32),
    );
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
