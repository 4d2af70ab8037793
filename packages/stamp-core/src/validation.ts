import * as v from "valibot";

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
export const NON_EMPTY_TEXT = (max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, "must not be empty"),
    v.maxLength(max, `must be at most ${max} characters`),
  );
export const INT_IN = (min: number, max: number) =>
  v.pipe(
    v.number("must be a number"),
    v.integer("must be a whole number"),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );
