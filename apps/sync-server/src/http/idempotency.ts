import type { Context } from "hono";
import { sha256 } from "../secrets/random-token";
import type { IdempotencyKey } from "../storage/store";
import { ApiError } from "./api-error";

const KEY = /^[\x21-\x7e]{1,255}$/;

/** JSON with sorted keys: a retry that orders its fields differently is still the same request. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The request's Idempotency-Key with a hash of what it asks, so a reused key can be told apart. */
export function idempotencyKey(c: Context, body: unknown, required: true): IdempotencyKey;
export function idempotencyKey(
  c: Context,
  body: unknown,
  required: boolean,
): IdempotencyKey | undefined;
export function idempotencyKey(
  c: Context,
  body: unknown,
  required: boolean,
): IdempotencyKey | undefined {
  const key = c.req.header("idempotency-key");
  if (key === undefined) {
    if (required)
      throw new ApiError(
        "idempotency-key-required",
        "send an Idempotency-Key header (e.g. a UUID)",
      );
    return undefined;
  }
  if (!KEY.test(key))
    throw new ApiError("invalid-body", "Idempotency-Key must be 1–255 printable ASCII characters");
  return { key, requestHash: sha256(`${c.req.method} ${c.req.path}\n${stableJson(body)}`) };
}
