import { problem } from "../http/api-error";
import { jsonStored, problemStored } from "../http/stored-response";
import type { AppendOutcome, StoredResponse } from "../storage/store";

/**
 * The stored answer to one server-made event appended for an admin page (stamps added or undone
 * by hand): `accepted`'s body, the refusal, or a duplicate named `what`. Kept under the form's
 * idempotency key, so a resend reads it back instead of appending again.
 */
export function adminEventAnswer(
  outcome: AppendOutcome,
  accepted: Record<string, unknown>,
  what: string,
): StoredResponse {
  switch (outcome.status) {
    case "accepted":
      return jsonStored(200, accepted);
    case "rejected":
      return problemStored(outcome.rejection);
    case "duplicate":
      return problemStored(problem("id-conflict", `${what} was already stored`));
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
    }
  }
}
