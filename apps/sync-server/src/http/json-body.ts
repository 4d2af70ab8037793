import { parseWith } from "@stamp/core";
import type { Context } from "hono";
import type * as v from "valibot";
import { ApiError } from "./api-error";

/** Reads the request body as JSON and checks it against a strict schema (unknown fields refused). */
export async function readJson<S extends v.GenericSchema>(
  c: Context,
  schema: S,
): Promise<v.InferOutput<S>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw new ApiError("unsupported-media-type", "send the body as application/json");
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError("invalid-json", "the body is not valid JSON");
  }
  // Every body this API takes is an object; an array would pass an object schema whose fields are
  // all optional as `{}` (stamp-core SPEC V7).
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new ApiError("invalid-body", "the body must be a JSON object");
  const parsed = parseWith(schema, body);
  if (!parsed.ok) {
    const summary = parsed.issues
      .slice(0, 5)
      .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
      .join("; ");
    throw new ApiError("invalid-body", summary, parsed.issues);
  }
  return parsed.value;
}
