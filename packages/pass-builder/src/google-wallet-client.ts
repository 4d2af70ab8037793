import { createPrivateKey, type KeyObject } from "node:crypto";
import { SignJWT } from "jose";
import { PassBuilderError } from "./errors";
import type { GoogleServiceAccount } from "./google-service-account";
import type {
  LoyaltyClass,
  LoyaltyObject,
  LoyaltyObjectPatch,
  WalletMessage,
} from "./google-wallet";

export const GOOGLE_WALLET_BASE_URL = "https://walletobjects.googleapis.com/walletobjects/v1";
const WALLET_SCOPE = "https://www.googleapis.com/auth/wallet_object.issuer";
/** Renew the access token this long before Google says it expires. */
const TOKEN_MARGIN_MS = 60_000;

export interface GoogleWalletClientOptions {
  serviceAccount: GoogleServiceAccount;
  /** Wallet REST base; default {@link GOOGLE_WALLET_BASE_URL}. Tests point it at a local fake. */
  baseUrl?: string;
  /** OAuth token endpoint; default the service account's `token_uri`. */
  tokenUrl?: string;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
  /** Clock for token assertions and expiry; default `() => new Date()`. */
  now?: () => Date;
}

/** What Google's answer to a PATCH says of the object (see `patchObject`). */
export type PatchedObject =
  | { readonly kind: "missing" }
  | { readonly kind: "patched"; readonly hasUsers: boolean | null };

interface AccessToken {
  value: string;
  expiresAt: number;
}

/**
 * A small Google Wallet REST client using global fetch: OAuth access token from a
 * jose-signed JWT assertion (cached until shortly before it expires), then upsert of
 * classes and insert/patch of objects. Failures are `google-auth-failed` or
 * `google-api-failed` errors whose `retryable` tells the caller's queue what to do.
 */
export class GoogleWalletClient {
  readonly #account: GoogleServiceAccount;
  readonly #key: KeyObject;
  readonly #baseUrl: string;
  readonly #tokenUrl: string;
  readonly #timeoutMs: number;
  readonly #now: () => Date;
  #token: AccessToken | undefined;
  #pendingToken: Promise<AccessToken> | undefined;

  constructor(options: GoogleWalletClientOptions) {
    this.#account = options.serviceAccount;
    this.#key = createPrivateKey(options.serviceAccount.privateKeyPem);
    this.#baseUrl = (options.baseUrl ?? GOOGLE_WALLET_BASE_URL).replace(/\/+$/, "");
    this.#tokenUrl = options.tokenUrl ?? options.serviceAccount.tokenUri;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#now = options.now ?? (() => new Date());
  }

  /** Creates the class, or replaces it if it exists. */
  async upsertClass(loyaltyClass: LoyaltyClass): Promise<"created" | "updated"> {
    const path = `/loyaltyClass/${encodeURIComponent(loyaltyClass.id)}`;
    const updated = await this.#request("PUT", path, loyaltyClass, [404]);
    if (updated.status !== 404) return "updated";
    await this.#request("POST", "/loyaltyClass", loyaltyClass, []);
    return "created";
  }

  /** Inserts the object; one that exists already (409) is left as it is. */
  async insertObject(loyaltyObject: LoyaltyObject): Promise<"created" | "exists"> {
    const response = await this.#request("POST", "/loyaltyObject", loyaltyObject, [409]);
    return response.status === 409 ? "exists" : "created";
  }

  /**
   * Changes the given fields of an object; Google then pushes it to the phones by itself. Returns
   * what Google's answer says of the object: `missing` (404: no such object, the change reached no
   * one), else whether a user holds it (`hasUsers`, null when the answer does not say).
   */
  async patchObject(objectId: string, patch: LoyaltyObjectPatch): Promise<PatchedObject> {
    const path = `/loyaltyObject/${encodeURIComponent(objectId)}`;
    const response = await this.#request("PATCH", path, patch, [404], true);
    if (response.status === 404) return { kind: "missing" };
    const object = (await response.json().catch(() => null)) as { hasUsers?: unknown } | null;
    return {
      kind: "patched",
      hasUsers: typeof object?.hasUsers === "boolean" ? object.hasUsers : null,
    };
  }

  /**
   * Adds a message to an object's back; `TEXT_AND_NOTIFY` also notifies the phone. Google allows
   * 3 notifying messages per pass a day and answers 429 past that: the caller sends it again as
   * plain `TEXT`.
   */
  async addMessage(objectId: string, message: WalletMessage): Promise<void> {
    await this.#request(
      "POST",
      `/loyaltyObject/${encodeURIComponent(objectId)}/addMessage`,
      { message },
      [],
    );
  }

  async #request(
    method: string,
    path: string,
    body: unknown,
    acceptedStatuses: number[],
    keepBody = false,
    retriedAuth = false,
  ): Promise<Response> {
    const token = await this.#accessToken();
    let response: Response;
    try {
      response = await fetch(this.#baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (cause) {
      throw apiError(method, path, null, messageOf(cause), cause);
    }
    if (response.ok || acceptedStatuses.includes(response.status)) {
      if (!keepBody || !response.ok) await response.body?.cancel();
      return response;
    }
    const text = await response.text();
    if (response.status === 401 && !retriedAuth) {
      // A revoked or rotated token: fetch a fresh one once before giving up.
      this.#token = undefined;
      return this.#request(method, path, body, acceptedStatuses, keepBody, true);
    }
    throw apiError(method, path, response.status, text);
  }

  async #accessToken(): Promise<string> {
    const now = this.#now().getTime();
    if (this.#token && this.#token.expiresAt > now) return this.#token.value;
    // Concurrent callers share one token request.
    this.#pendingToken ??= this.#fetchToken(now).finally(() => {
      this.#pendingToken = undefined;
    });
    this.#token = await this.#pendingToken;
    return this.#token.value;
  }

  async #fetchToken(now: number): Promise<AccessToken> {
    const issuedAt = Math.floor(now / 1000);
    const assertion = await new SignJWT({ scope: WALLET_SCOPE })
      .setProtectedHeader({ alg: "RS256", kid: this.#account.privateKeyId, typ: "JWT" })
      .setIssuer(this.#account.clientEmail)
      .setAudience(this.#tokenUrl)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 3600)
      .sign(this.#key);
    let response: Response;
    try {
      response = await fetch(this.#tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
          assertion,
        }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (cause) {
      throw authError(null, messageOf(cause), cause);
    }
    const text = await response.text();
    if (!response.ok) throw authError(response.status, text);
    let parsed: { access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw authError(response.status, text, cause);
    }
    if (typeof parsed.access_token !== "string" || typeof parsed.expires_in !== "number") {
      throw authError(response.status, text);
    }
    return {
      value: parsed.access_token,
      expiresAt: now + parsed.expires_in * 1000 - TOKEN_MARGIN_MS,
    };
  }
}

function apiError(
  method: string,
  path: string,
  status: number | null,
  body: string,
  cause?: unknown,
): PassBuilderError {
  const retryable = status === null || status === 429 || status >= 500;
  return new PassBuilderError(
    { code: "google-api-failed", method, path, status, retryable, body },
    `Google Wallet ${method} ${path} failed${status === null ? "" : ` with HTTP ${status}`}: ${body.slice(0, 300)}`,
    cause === undefined ? undefined : { cause },
  );
}

function authError(status: number | null, body: string, cause?: unknown): PassBuilderError {
  return new PassBuilderError(
    { code: "google-auth-failed", status, body },
    `Google OAuth token request failed${status === null ? "" : ` with HTTP ${status}`}: ${body.slice(0, 300)}`,
    cause === undefined ? undefined : { cause },
  );
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
