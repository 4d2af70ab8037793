import { createPrivateKey, type KeyObject } from "node:crypto";
import {
  type ClientHttp2Session,
  connect,
  constants,
  type SecureClientSessionOptions,
} from "node:http2";
import { PassBuilderError } from "@stamp/pass-builder";
import { SignJWT } from "jose";

/*
 * pass-builder has an ApnsClient but does not export it from its index (and its package exports
 * only "."), so the server carries this small one with the same results until it does.
 */

/** Apple rejects provider tokens older than an hour; renew well before. */
const TOKEN_LIFETIME_MS = 50 * 60_000;
const TIMEOUT_MS = 10_000;

export type ApnsAuth =
  | {
      readonly kind: "token";
      readonly signingKeyPem: string;
      readonly keyId: string;
      readonly teamId: string;
    }
  | { readonly kind: "certificate"; readonly certPem: string; readonly keyPem: string };

/** One push's outcome, for the durable queue (see PushWorker). */
export type ApnsResult =
  | { readonly status: "ok" }
  | { readonly status: "unregistered"; readonly reason: string }
  | { readonly status: "retry"; readonly reason: string; readonly retryAfterSeconds: number | null }
  | { readonly status: "failed"; readonly httpStatus: number | null; readonly reason: string };

interface TokenSigner {
  readonly key: KeyObject;
  readonly keyId: string;
  readonly teamId: string;
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
}

/**
 * Wallet pass-update pushes: `POST /3/device/<pushToken>`, `apns-topic: <passTypeId>`, body `{}`,
 * over one reused HTTP/2 session (cleartext for an `http://` base URL: local fakes only).
 */
export class ApnsClient {
  readonly #baseUrl: string;
  readonly #tls: SecureClientSessionOptions;
  readonly #signer: TokenSigner | undefined;
  #session: ClientHttp2Session | undefined;
  #token: { jwt: string; issuedAt: number } | undefined;

  constructor(baseUrl: string, auth: ApnsAuth) {
    this.#baseUrl = baseUrl.replace(/\/+$/, "");
    this.#tls = auth.kind === "certificate" ? { cert: auth.certPem, key: auth.keyPem } : {};
    this.#signer =
      auth.kind === "token"
        ? { key: signingKey(auth.signingKeyPem), keyId: auth.keyId, teamId: auth.teamId }
        : undefined;
  }

  async sendPassUpdate(pushToken: string, passTypeId: string): Promise<ApnsResult> {
    const headers: Record<string, string> = {
      [constants.HTTP2_HEADER_METHOD]: "POST",
      [constants.HTTP2_HEADER_PATH]: `/3/device/${encodeURIComponent(pushToken)}`,
      [constants.HTTP2_HEADER_CONTENT_TYPE]: "application/json",
      "apns-topic": passTypeId,
    };
    if (this.#signer) headers.authorization = `bearer ${await this.#providerToken(this.#signer)}`;
    let answer: Answer;
    try {
      answer = await this.#post(headers);
    } catch (error) {
      return { status: "retry", reason: String(error), retryAfterSeconds: null };
    }
    const reason = reasonOf(answer.body) ?? `HTTP ${answer.status}`;
    if (answer.status === 200) return { status: "ok" };
    if (answer.status === 410) return { status: "unregistered", reason };
    if (answer.status === 429 || answer.status >= 500) {
      const after = Number(answer.headers["retry-after"]);
      return { status: "retry", reason, retryAfterSeconds: Number.isFinite(after) ? after : null };
    }
    if (answer.status === 403 && reason === "ExpiredProviderToken") {
      this.#token = undefined;
      return { status: "retry", reason, retryAfterSeconds: null };
    }
    return { status: "failed", httpStatus: answer.status, reason };
  }

  close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (!session || session.closed || session.destroyed) return Promise.resolve();
    return new Promise((resolve) => session.close(() => resolve()));
  }

  #post(headers: Record<string, string>): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const stream = this.#open().request(headers);
      const chunks: Buffer[] = [];
      let status: number | undefined;
      let received: Record<string, unknown> = {};
      stream.setTimeout(TIMEOUT_MS, () => {
        stream.close(constants.NGHTTP2_CANCEL);
        reject(new Error(`timeout after ${TIMEOUT_MS} ms`));
      });
      stream.on("response", (h) => {
        received = h;
        status = Number(h[constants.HTTP2_HEADER_STATUS]);
      });
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", reject);
      stream.on("close", () =>
        status === undefined
          ? reject(new Error(`stream closed without a response (HTTP/2 code ${stream.rstCode})`))
          : resolve({ status, headers: received, body: Buffer.concat(chunks).toString() }),
      );
      stream.end("{}");
    });
  }

  #open(): ClientHttp2Session {
    const current = this.#session;
    if (current && !current.closed && !current.destroyed) return current;
    const session = connect(this.#baseUrl, this.#tls);
    const forget = () => {
      if (this.#session === session) this.#session = undefined;
    };
    session.on("error", forget);
    session.on("goaway", forget);
    session.on("close", forget);
    this.#session = session;
    return session;
  }

  async #providerToken(signer: TokenSigner): Promise<string> {
    const now = Date.now();
    if (this.#token && now - this.#token.issuedAt < TOKEN_LIFETIME_MS) return this.#token.jwt;
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: signer.keyId })
      .setIssuer(signer.teamId)
      .setIssuedAt(Math.floor(now / 1000))
      .sign(signer.key);
    this.#token = { jwt, issuedAt: now };
    return jwt;
  }
}

/** The `.p8` key must be EC P-256 (ES256); anything else is refused at start-up, not at the first push. */
function signingKey(pem: string): KeyObject {
  let key: KeyObject | null = null;
  try {
    key = createPrivateKey(pem);
  } catch {
    key = null;
  }
  if (key?.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new PassBuilderError(
      { code: "invalid-apns-key", reason: key ? "not an EC P-256 key" : "not a PEM private key" },
      "APNS_KEY_PEM must be the EC P-256 .p8 key from the Apple developer portal.",
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
