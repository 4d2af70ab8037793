import type { DeliveryOutcome, DueDelivery } from "../storage/webhook-store";

/**
 * Pauses before each retry, after the attempt that failed: the Standard Webhooks / Svix schedule.
 * The first retry comes within 10 seconds; the last attempt is made about 27 hours after the
 * first, so an endpoint down for a day still gets everything.
 */
export const RETRY_PAUSES_MS = [
  5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
] as const;

/** An endpoint that has failed everything for this long is switched off and its owner told. */
export const DISABLE_AFTER_MS = 5 * 86_400_000;

/** What one attempt got: an HTTP answer, or no answer (refused, timed out, blocked target). */
export type AttemptResult =
  | { readonly kind: "answered"; readonly status: number }
  | { readonly kind: "unreachable"; readonly reason: string };

/**
 * What becomes of a delivery after an attempt (its `attempts` already counts it): a 2xx delivers
 * it; a REST hook answering 410 is unsubscribed (the REST Hooks convention); anything else is
 * retried on the schedule and then given up. The endpoint's run of failures is tracked for
 * switching it off.
 */
export function deliveryOutcome(
  delivery: DueDelivery,
  result: AttemptResult,
  now: number,
): DeliveryOutcome {
  const httpStatus = result.kind === "answered" ? result.status : null;
  if (httpStatus !== null && httpStatus >= 200 && httpStatus < 300)
    return {
      at: now,
      status: "delivered",
      httpStatus,
      error: null,
      dueAt: delivery.dueAt,
      endpointFailingSince: null,
      disableEndpoint: false,
    };
  const error = result.kind === "answered" ? `HTTP ${result.status}` : result.reason;
  const failingSince = delivery.endpoint.failingSince ?? now;
  const unsubscribed = delivery.endpoint.kind === "rest-hook" && httpStatus === 410;
  const pause = RETRY_PAUSES_MS[delivery.attempts - 1];
  return {
    at: now,
    status: pause === undefined || unsubscribed ? "failed" : "pending",
    httpStatus,
    error,
    dueAt: now + (pause ?? 0),
    endpointFailingSince: failingSince,
    disableEndpoint: unsubscribed || now - failingSince >= DISABLE_AFTER_MS,
  };
}
