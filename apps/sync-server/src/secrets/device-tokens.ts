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
 * How many verified tokens an instance remembers: each till sends the same token every round, and
 * checking its signature (WebCrypto HMAC, asynchronous) was the largest part of an idle till's
 * round. 10,000 tills' tokens are a few MB; beyond, the oldest are checked again when they return.
 */
const VERIFIED_TOKENS = 10_000;

/**
 * Device tokens are HS256 JWTs naming the device and its scope. They carry no expiry: a till must
 * keep working for months; revocation is checked against the devices table on every request.
 * So a token whose signature was verified once stays valid as long as the key: the exact text is
 * remembered (never a failure) and not checked again.
 */
export class DeviceTokens {
  readonly #key: Uint8Array;
  readonly #verified = new Map<string, DeviceClaims>();

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

  /** The claims of a token this instance verified before (its exact text), without waiting. */
  verified(token: string): DeviceClaims | undefined {
    return this.#verified.get(token);
  }

  async verify(token: string): Promise<TokenCheck> {
    const known = this.#verified.get(token);
    if (known) return { ok: true, claims: known };
    const check = await this.#check(token);
    if (check.ok) {
      if (this.#verified.size >= VERIFIED_TOKENS) {
        const oldest = this.#verified.keys().next();
        if (!oldest.done) this.#verified.delete(oldest.value);
      }
      this.#verified.set(token, check.claims);
    }
    return check;
  }

  async #check(token: string): Promise<TokenCheck> {
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
