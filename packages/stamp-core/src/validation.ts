import * as v from "valibot";
import { isoToMs } from "./iso-time";

/** One precise complaint about untrusted input: where (dot path, "" for the root) and what. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** Runs a valibot schema and flattens its issues into path + message pairs. */
export function parseWith<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): Parsed<v.InferOutput<S>> {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return { ok: true, value: result.output };
  return {
    ok: false,
    issues: result.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? "",
      message: friendlyMessage(issue),
    })),
  };
}

/** The first issue as one line ("events.3.hlc must be …"), for logs and "cannot read" notices. */
export function firstIssue(issues: readonly ValidationIssue[]): string {
  const issue = issues[0];
  return issue === undefined ? "is not valid" : `${issue.path} ${issue.message}`.trim();
}

/** Valibot's structural messages ("Invalid key: Expected …") rewritten for people reading an API error. */
function friendlyMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === "schema" && issue.type === "strict_object" && issue.expected === "never")
    return "is not a known field";
  // A missing field, including a union's discriminator such as an event's `type`.
  if (issue.kind === "schema" && issue.input === undefined && issue.path !== undefined)
    return "is required";
  return issue.message;
}

export const HEX_COLOR = v.pipe(
  v.string(),
  v.regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #1a2b3c"),
);
/**
 * What no name, title, reason or reference needs and what can hide or reorder text around it
 * (SPEC V6): control characters (C0, DEL, C1 — line breaks and tabs too), the line and paragraph
 * separators, bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
 * and lone surrogates (half a character; a string with one is not valid Unicode).
 */
const UNSAFE_TEXT = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;

/** True when `text` holds none of the characters V6 refuses. */
export function isPlainText(text: string): boolean {
  return !UNSAFE_TEXT.test(text);
}

export const PLAIN_TEXT_MESSAGE =
  "must not contain control characters, line breaks, direction overrides or broken characters";

export const NON_EMPTY_TEXT = (max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, "must not be empty"),
    v.maxLength(max, `must be at most ${max} characters`),
    v.check(isPlainText, PLAIN_TEXT_MESSAGE),
  );

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A strict object that is really an object (SPEC V7): valibot's object schemas take `[]` for `{}`,
 * so a schema whose fields are all optional would accept an array.
 */
export const PLAIN_OBJECT = <const E extends v.ObjectEntries>(entries: E) =>
  v.pipe(v.custom<Record<string, unknown>>(isRecord, "must be an object"), v.strictObject(entries));

/** 1900-01-01T00:00:00.000Z. */
const JANUARY_1900_MS = -2_208_988_800_000;

/** A day of the calendar as `YYYY-MM-DD` that exists (no 30 February), from 1900 on (SPEC V8). */
export const CALENDAR_DATE = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 1990-04-30"),
  v.check((s) => {
    const ms = isoToMs(`${s}T00:00:00.000Z`);
    return ms !== null && ms >= JANUARY_1900_MS;
  }, "must be a date that exists, from 1900 on"),
);

/** An instant as `YYYY-MM-DDTHH:MM:SS.mmmZ` that exists (SPEC V8). */
export const ISO_TIME = v.pipe(
  v.string(),
  v.check((s) => isoToMs(s) !== null, "must be an ISO-8601 UTC time like 2026-11-22T09:30:00.000Z"),
);
export const INT_IN = (min: number, max: number) =>
  v.pipe(
    v.number("must be a number"),
    v.integer("must be a whole number"),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );
