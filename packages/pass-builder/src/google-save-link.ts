import { createPrivateKey, type KeyObject } from "node:crypto";
import { SignJWT } from "jose";
import type { GoogleServiceAccount } from "./google-service-account";
import type { LoyaltyClass, LoyaltyObject } from "./google-wallet";

const SAVE_URL = "https://pay.google.com/gp/v/save/";

export interface GoogleSaveLinksOptions {
  serviceAccount: GoogleServiceAccount;
  /** Web origins allowed to show the save button, e.g. `["https://stamp.example"]`. */
  origins: readonly string[];
  /** Clock for `iat`; default `() => new Date()`. */
  now?: () => Date;
}

/** Identifies an object that is already stored at Google (inserted with the REST API). */
export interface LoyaltyObjectReference {
  id: string;
  classId: string;
}

/**
 * Makes "Save to Google Wallet" links: `https://pay.google.com/gp/v/save/<jwt>`, the JWT
 * signed RS256 with the service-account key (`kid` = its private_key_id).
 */
export class GoogleSaveLinks {
  readonly #account: GoogleServiceAccount;
  readonly #key: KeyObject;
  readonly #origins: string[];
  readonly #now: () => Date;

  constructor(options: GoogleSaveLinksOptions) {
    this.#account = options.serviceAccount;
    this.#key = createPrivateKey(options.serviceAccount.privateKeyPem);
    this.#origins = [...options.origins];
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * A link carrying the class and the object in full, for when the REST API is not
   * configured. Long (a few KB): fine for a button, too long for a QR code.
   */
  full(loyaltyClass: LoyaltyClass, loyaltyObject: LoyaltyObject): Promise<string> {
    return this.#link({ loyaltyClasses: [loyaltyClass], loyaltyObjects: [loyaltyObject] });
  }

  /**
   * A short link (well under 1800 characters) naming only the object, which must
   * already exist at Google: insert it with `GoogleWalletClient.insertObject` first.
   */
  short(object: LoyaltyObjectReference): Promise<string> {
    return this.#link({ loyaltyObjects: [{ id: object.id, classId: object.classId }] });
  }

  async #link(payload: Record<string, unknown>): Promise<string> {
    const jwt = await new SignJWT({ typ: "savetowallet", origins: this.#origins, payload })
      .setProtectedHeader({ alg: "RS256", kid: this.#account.privateKeyId, typ: "JWT" })
      .setIssuer(this.#account.clientEmail)
      .setAudience("google")
      .setIssuedAt(Math.floor(this.#now().getTime() / 1000))
      .sign(this.#key);
    return SAVE_URL + jwt;
  }
}
