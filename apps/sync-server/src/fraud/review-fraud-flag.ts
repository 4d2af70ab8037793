import { type Actor, recordAudit } from "../audit/audit-log";
import { type Problem, problem } from "../http/api-error";
import type { Services } from "../services";
import type { FraudFlagRecord } from "../storage/fraud-store";

export type FraudDecision = "confirmed" | "dismissed";

/**
 * Confirms or dismisses an open flag with a note, audited — the admin queue's and the API's one
 * way. The same decision on a flag already reviewed so answers the flag as it is (the first
 * review's note and reviewer stay); the other decision is a `409 fraud-flag-reviewed`.
 */
export async function reviewFraudFlag(
  services: Services,
  actor: Actor,
  flag: FraudFlagRecord,
  status: FraudDecision,
  note: string,
): Promise<{ readonly ok: true; readonly flag: FraudFlagRecord } | Problem> {
  const { store } = services;
  const done = await store.reviewFraudFlag(actor.merchantId, flag.id, {
    status,
    note,
    by: actor.label,
    at: services.now(),
  });
  if (done)
    await recordAudit(
      services,
      actor,
      status === "confirmed" ? "fraud.confirmed" : "fraud.dismissed",
      flag.id,
      { reason: flag.reason, note },
    );
  const now = (await store.getFraudFlag(actor.merchantId, flag.id)) ?? flag;
  if (now.status === status) return { ok: true, flag: now };
  return problem("fraud-flag-reviewed", `the flag was already ${now.status} by ${now.reviewedBy}`);
}
