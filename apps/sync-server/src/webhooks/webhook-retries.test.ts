import { describe, expect, it } from "vitest";
import type { DueDelivery } from "../storage/webhook-store";
import { DISABLE_AFTER_MS, deliveryOutcome, RETRY_PAUSES_MS } from "./webhook-retries";

const T0 = 1_795_000_000_000;

function due(
  attempts: number,
  failingSince: number | null = null,
  kind: "webhook" | "rest-hook" = "webhook",
): DueDelivery {
  return {
    id: "d",
    messageId: "msg_1",
    endpointId: "e",
    merchantId: "m",
    type: "stamps.added",
    payload: "{}",
    createdAt: T0,
    status: "pending",
    attempts,
    dueAt: T0,
    lastStatus: null,
    lastError: null,
    deliveredAt: null,
    endpoint: { url: "https://hooks.example", secret: "whsec_x", kind, failingSince },
  };
}

describe("webhook retries", () => {
  it("retry first within 10 s and keep trying for more than a day, then give up", () => {
    expect(RETRY_PAUSES_MS[0]).toBeLessThanOrEqual(10_000);
    expect(RETRY_PAUSES_MS.reduce((a, b) => a + b, 0)).toBeGreaterThan(86_400_000);
    let at = T0;
    for (let attempt = 1; attempt <= RETRY_PAUSES_MS.length; attempt++) {
      const outcome = deliveryOutcome(due(attempt, T0), { kind: "answered", status: 500 }, at);
      expect(outcome).toMatchObject({ status: "pending", error: "HTTP 500", httpStatus: 500 });
      expect(outcome.dueAt).toBe(at + (RETRY_PAUSES_MS[attempt - 1] as number));
      at = outcome.dueAt;
    }
    const last = deliveryOutcome(
      due(RETRY_PAUSES_MS.length + 1, T0),
      { kind: "unreachable", reason: "connect ECONNREFUSED" },
      at,
    );
    expect(last).toMatchObject({ status: "failed", error: "connect ECONNREFUSED" });
  });

  it("deliver on any 2xx and clear the endpoint's failures", () => {
    expect(deliveryOutcome(due(3, T0), { kind: "answered", status: 202 }, T0 + 5)).toMatchObject({
      status: "delivered",
      endpointFailingSince: null,
      disableEndpoint: false,
      at: T0 + 5,
    });
  });

  it("switch an endpoint off after five days of failures, and a REST hook at its first 410", () => {
    const failing = deliveryOutcome(due(1), { kind: "answered", status: 500 }, T0);
    expect(failing).toMatchObject({ endpointFailingSince: T0, disableEndpoint: false });
    expect(
      deliveryOutcome(due(1, T0), { kind: "answered", status: 500 }, T0 + DISABLE_AFTER_MS),
    ).toMatchObject({ disableEndpoint: true });
    expect(
      deliveryOutcome(due(1, null, "rest-hook"), { kind: "answered", status: 410 }, T0),
    ).toMatchObject({ status: "failed", disableEndpoint: true });
    expect(
      deliveryOutcome(due(1, null, "webhook"), { kind: "answered", status: 410 }, T0),
    ).toMatchObject({ status: "pending", disableEndpoint: false });
  });
});
