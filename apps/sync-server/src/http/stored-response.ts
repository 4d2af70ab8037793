import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Answer, StoredResponse } from "../storage/store";
import { errorJson, type Problem, statusOf } from "./api-error";

export function jsonStored(status: ContentfulStatusCode, body: unknown): StoredResponse {
  return { status, body: JSON.stringify(body) };
}

export function problemStored(p: Problem): StoredResponse {
  return jsonStored(statusOf(p.code), errorJson(p.code, p.message));
}

/** Sends an API write's answer; a reused idempotency key with another body is refused. */
export function sendAnswer(c: Context, answer: Answer): Response {
  if (answer.kind === "key-reused")
    return c.json(
      errorJson("idempotency-key-reused", "this Idempotency-Key was used for another request"),
      statusOf("idempotency-key-reused"),
    );
  return c.body(answer.response.body, answer.response.status as ContentfulStatusCode, {
    "content-type": "application/json",
  });
}
