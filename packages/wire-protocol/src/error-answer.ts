import * as v from "valibot";

/** Every refusal of the HTTP API: `{error: {code, message}}` with a 4xx/5xx status. */
export const ErrorAnswerSchema = v.object({
  error: v.object({ code: v.string(), message: v.string() }),
});

export type ErrorAnswer = v.InferOutput<typeof ErrorAnswerSchema>;

/** The `{code, message}` of a refusal, or null when the body is not one (e.g. a proxy's page). */
export function readErrorAnswer(body: unknown): ErrorAnswer["error"] | null {
  return v.is(ErrorAnswerSchema, body) ? body.error : null;
}
