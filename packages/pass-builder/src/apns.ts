import { createPrivateKey, type KeyObject } from "node:crypto";
import {
  type ClientHttp2Session,
  connect,
  constants,
  type SecureClientSessionOptions,
} from "node:http2";
import { SignJWT } from "jose";
import { PassBuilderError } from "./errors";

export const APNS_PRODUCTION_URL = "https://api.push.apple.com";
/** Apple rejects provider tokens older than an hour; renew well before. */
const TOKEN_LIFETIME_MS = 50 * 60_000;

/** How the server proves to APNs that it may push to the pass type's topic. */
export type ApnsAuth =
  | {
      kind: "token";
      /** The `.p8` key from the Apple developer portal (PKCS#8 PEM, EC P-256). */
      signingKeyPem: string;
      /** The key's id (10 characters), sent as the JWT `kid`. */
      keyId: string;
      /** The Apple team id, sent as the JWT `iss`. */
      teamId: string;
    }
  | {
      kind: "certificate";
      /** The Pass Type ID certificate (PEM), used as TLS client certificate. */
      certPem: string | Buffer;
      keyPem: string | Buffer;
      passphrase?: string;
    };

export interface ApnsClientOptions {
  auth: ApnsAuth;
  /** Default {@link APNS_PRODUCTION_URL}; `http://` speaks cleartext HTTP/2 (local fakes only). */
  baseUrl?: string;
  /** Extra CA certificates to trust for the APNs server (a local fake's), PEM. */
  ca?: string | Buffer;
  /** Per-push timeout; default 10 s. */
  timeoutMs?: number;
  /** Clock for provider-token renewal; default `() => new Date()`. */
  now?: () => Date;
}

/**
 * The outcome of one push, for the caller's durable queue:
 * - `ok`: delivered to APNs;
 * - `unregistered`: the device token is dead (410): delete the registration;
 * - `retry`: try again later (429, 5xx, timeouts, network);
 * - `failed`: APNs refused the request itself (other 4xx): retrying will not help.
 */
export type ApnsResult =
  | { status: "ok"; apnsId: string | null }
  | { status: "unregistered"; reason: string }
  | { status: "retry"; reason: string; retryAfterSeconds: number | null }
  | { status: "failed"; httpStatus: number | null; reason: string };

interface TokenSigner {
  key: KeyObject;
  keyId: string;
  teamId: string;
}

const DEVICE_TOKEN = /^[0-9A-Fa-f]{16,200}$/;

/**
 * Sends Wallet pass-update pushes: `POST /3/device/<pushToken>` with
 * `apns-topic: <passTypeIdentifier>` and an empty JSON body, over one HTTP/2 session
 * that is reused for every push to this client's base URL and reopened when it drops.
 * Call {@link ApnsClient.close} on shutdown.
 */
export class ApnsClient {
  readonly #tokenSigner: TokenSigner | undefined;
  readonly #tls: SecureClientSessionOptions;
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #now: () => Date;
  #session: ClientHttp2Session | undefined;
  #token: { jwt: Promise<string>; issuedAt: number } | undefined;

  /** @throws {PassBuilderError} `invalid-apns-key` when the token key is not an EC P-256 key. */
  constructor(options: ApnsClientOptions) {
    const { auth } = options;
    this.#tokenSigner =
      auth.kind === "token"
        ? { key: readSigningKey(auth.signingKeyPem), keyId: auth.keyId, teamId: auth.teamId }
        : undefined;
    this.#tls = {};
    if (options.ca) this.#tls.ca = options.ca;
    if (auth.kind === "certificate") {
      this.#tls.cert = auth.certPem;
      this.#tls.key = auth.keyPem;
      if (auth.passphrase !== undefined) this.#tls.passphrase = auth.passphrase;
    }
    this.#baseUrl = (options.baseUrl ?? APNS_PRODUCTION_URL).replace(/\/+$/, "");
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#now = options.now ?? (() => new Date());
  }

  /** Tells the devices holding pass `passTypeIdentifier` under `pushToken` to fetch it again. */
  async sendPassUpdate(pushToken: string, passTypeIdentifier: string): Promise<ApnsResult> {
    if (!DEVICE_TOKEN.test(pushToken)) {
      return {
        status: "failed",
        httpStatus: null,
        reason: "BadDeviceToken: not a hex device token",
      };
    }
    const headers: Record<string, string> = {
      [constants.HTTP2_HEADER_METHOD]: "POST",
      [constants.HTTP2_HEADER_PATH]: `/3/device/${pushToken}`,
      [constants.HTTP2_HEADER_CONTENT_TYPE]: "application/json",
      "apns-topic": passTypeIdentifier,
    };
    if (this.#tokenSigner) {
      headers.authorization = `bearer ${await this.#providerToken(this.#tokenSigner)}`;
    }

    let answer: { status: number; headers: Record<string, unknown>; body: string };
    try {
      answer = await this.#post(headers);
    } catch (error) {
      return {
        status: "retry",
        reason: error instanceof Error ? error.message : String(error),
        retryAfterSeconds: null,
      };
    }
    return this.#interpret(answer.status, answer.headers, answer.body);
  }

  /** Closes the HTTP/2 session, letting a push in flight finish. */
  close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (!session || session.closed || session.destroyed) return Promise.resolve();
    return new Promise((resolve) => session.close(() => resolve()));
  }

  #interpret(status: number, headers: Record<string, unknown>, body: string): ApnsResult {
    if (status === 200) {
      const apnsId = headers["apns-id"];
      return { status: "ok", apnsId: typeof apnsId === "string" ? apnsId : null };
    }
    const reason = reasonOf(body) ?? `HTTP ${status}`;
    if (status === 410) return { status: "unregistered", reason };
    if (status === 429 || status >= 500) {
      const retryAfter = Number(headers["retry-after"]);
      return {
        status: "retry",
        reason,
        retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : null,
      };
    }
    if (status === 403 && reason === "ExpiredProviderToken") {
      // Our clock and Apple's disagree: a fresh token on the next try fixes it.
      this.#token = undefined;
      return { status: "retry", reason, retryAfterSeconds: null };
    }
    return { status: "failed", httpStatus: status, reason };
  }

  #post(
    headers: Record<string, string>,
  ): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
    return new Promise((resolve, reject) => {
      const stream = this.#openSession().request(headers);
      const chunks: Buffer[] = [];
      let status: number | undefined;
      let responseHeaders: Record<string, unknown> = {};
      stream.setTimeout(this.#timeoutMs, () => {
        stream.close(constants.NGHTTP2_CANCEL);
        reject(new Error(`timeout after ${this.#timeoutMs} ms`));
      });
      stream.on("response", (received) => {
        responseHeaders = received;
        status = Number(received[constants.HTTP2_HEADER_STATUS]);
      });
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", reject);
      // "close" comes last, also when the stream or its session broke without an "error".
      stream.on("close", () => {
        if (status === undefined) {
          reject(new Error(`stream closed without a response (HTTP/2 code ${stream.rstCode})`));
        } else {
          resolve({ status, headers: responseHeaders, body: Buffer.concat(chunks).toString() });
        }
      });
      stream.end("{}");
    });
  }

  #openSession(): ClientHttp2Session {
    const current = this.#session;
    if (current && !current.closed && !current.destroyed) return current;
    const session = connect(this.#baseUrl, this.#tls);
    const forget = () => {
      if (this.#session === session) this.#session = undefined;
    };
    // Errors reach the streams in flight; the session itself is just replaced next time.
    session.on("error", forget);
    session.on("goaway", forget);
    session.on("close", forget);
    this.#session = session;
    return session;
  }

  /**
   * The ES256 provider token, reused for up to 50 minutes. The promise is kept, so a round's
   * pushes starting together sign one token (APNs refuses tokens renewed too often).
   */
  #providerToken(signer: TokenSigner): Promise<string> {
    const now = this.#now().getTime();
    if (this.#token && now - this.#token.issuedAt < TOKEN_LIFETIME_MS) return this.#token.jwt;
    const jwt = new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: signer.keyId })
      .setIssuer(signer.teamId)
      .setIssuedAt(Math.floor(now / 1000))
      .sign(signer.key);
    this.#token = { jwt, issuedAt: now };
    // A failed signature is not kept: the next push tries again.
    jwt.catch(() => {
      if (this.#token?.jwt === jwt) this.#token = undefined;
    });
    return jwt;
  }
}

function readSigningKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (cause) {
    throw new PassBuilderError(
      { code: "invalid-apns-key", reason: "not a PEM private key" },
      "The APNs signing key (.p8) could not be read as a PEM private key.",
      { cause },
    );
  }
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new PassBuilderError(
      { code: "invalid-apns-key", reason: "not an EC P-256 key" },
      "The APNs signing key must be the EC P-256 .p8 key from the Apple developer portal.",
    );
  }
  return key;
}

function reasonOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { reason?: unknown };
    return typeof parsed.reason === "string" ? parsed.reason : undefined;
  } catch {
    return undefined;
  }
}
