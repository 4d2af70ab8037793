import type { RejectionCode, ValidationIssue } from "@stamp/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Every error code the HTTP API answers with, and its status (API.md says when each is used). */
const STATUS = {
  "invalid-json": 400,
  "invalid-body": 400,
  "idempotency-key-required": 400,
  "program-required": 400,
  "invalid-protocol-version": 400,
  unauthorized: 401,
  "invalid-token": 401,
  "device-revoked": 401,
  "invalid-api-key": 401,
  "api-key-revoked": 401,
  "metrics-token-required": 401,
  "metrics-forbidden": 403,
  "not-found": 404,
  "card-not-found": 404,
  "program-not-found": 404,
  "pairing-code-unknown": 404,
  "cursor-ahead": 409,
  "pairing-code-used": 410,
  "pairing-code-expired": 410,
  "payload-too-large": 413,
  "not-ready": 503,
  "unsupported-media-type": 415,
  // A kiosk older than the server's oldest supported wire protocol: it must update.
  "protocol-too-old": 426,
  "idempotency-key-reused": 422,
  "invalid-card-code": 422,
  "card-code-expired": 422,
  "amount-required": 422,
  "invalid-amount": 422,
  "currency-mismatch": 422,
  "below-minimum": 422,
  "rate-limited": 429,
  internal: 500,
  // Refusals of a server-made event (POS stamps, receipt claims) read like a device's rejections.
  "invalid-event": 422,
  "wrong-device": 422,
  "wrong-merchant": 422,
  "unknown-program": 422,
  "unknown-card": 422,
  "program-mismatch": 422,
  "unknown-program-version": 422,
  "id-conflict": 422,
  "server-only": 422,
  "scan-cap": 422,
  "revoke-target-unknown": 422,
  "unknown-staff": 422,
  "device-clock-wrong": 422,
  "card-blocked": 422,
  cooldown: 422,
  "visit-cap": 422,
  "daily-cap": 422,
  "voucher-not-found": 404,
  "voucher-already-redeemed": 409,
  "voucher-expired": 410,
  "voucher-withdrawn": 410,
  "invalid-voucher-code": 422,
  "card-required": 422,
  "stale-version": 409,
  "invalid-query": 400,
  "webhook-not-found": 404,
  "delivery-not-found": 404,
  "webhook-target-refused": 422,
  "too-many-webhooks": 409,
  "campaign-not-found": 404,
  "campaign-not-cancellable": 409,
  "fraud-flag-not-found": 404,
  "fraud-flag-reviewed": 409,
  "logo-missing": 400,
  "logo-too-large": 413,
  "logo-wrong-type": 415,
  "logo-damaged": 422,
  "logo-unsafe-svg": 422,
  "logo-too-many-pixels": 422,
  "logo-too-small": 422,
} as const satisfies Record<string, ContentfulStatusCode> &
  Record<RejectionCode, ContentfulStatusCode>;

export type ApiErrorCode = keyof typeof STATUS;

/** A refusal as plain data: what services return, and what the HTTP layer renders. */
export interface Problem {
  readonly code: ApiErrorCode;
  readonly message: string;
}

export function problem(code: ApiErrorCode, message: string): Problem {
  return { code, message };
}

export function statusOf(code: ApiErrorCode): ContentfulStatusCode {
  return STATUS[code];
}

/** Thrown by request helpers (auth, body parsing); the app's error handler renders it. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: readonly ValidationIssue[],
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

export function errorJson(
  code: ApiErrorCode,
  message: string,
  issues?: readonly ValidationIssue[],
): { error: { code: ApiErrorCode; message: string; issues?: readonly ValidationIssue[] } } {
  return { error: { code, message, ...(issues ? { issues } : {}) } };
}

/** How an error is answered, on hono's context or on Node's response (a held pull's). */
export interface ErrorAnswer {
  readonly status: ContentfulStatusCode;
  readonly body: ReturnType<typeof errorJson>;
  readonly headers: Readonly<Record<string, string>>;
}

/** An `ApiError`'s own answer; anything else a 500 that tells nothing of it (log it first). */
export function errorAnswer(error: unknown): ErrorAnswer {
  return error instanceof ApiError
    ? {
        status: statusOf(error.code),
        body: errorJson(error.code, error.message, error.issues),
        headers: error.headers ?? {},
      }
    : {
        status: 500,
        body: errorJson("internal", "something went wrong on the server"),
        headers: {},
      };
}

/** `errorAnswer` on hono's context. */
export function apiErrorResponse(c: Context, error: unknown): Response {
  const { status, body, headers } = errorAnswer(error);
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.json(body, status);
}

export function problemResponse(c: Context, p: Problem): Response {
  return c.json(errorJson(p.code, p.message), statusOf(p.code));
}
