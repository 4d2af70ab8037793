import type { WebhookDelivery, WebhookEndpointRecord } from "../storage/webhook-store";
import type { WebhookMessage } from "./webhook-messages";

/** A delivery row as the event log writes it, beside the change it tells of. */
export type NewDelivery = Pick<
  WebhookDelivery,
  "id" | "messageId" | "endpointId" | "merchantId" | "type" | "payload" | "createdAt"
>;

/**
 * Each message for each live endpoint subscribed to its kind. A delivery's id names both, so a
 * message written twice (never, but a retried transaction) is stored once per endpoint.
 */
export function deliveriesFor(
  messages: readonly WebhookMessage[],
  endpoints: readonly Pick<WebhookEndpointRecord, "id" | "merchantId" | "events">[],
  now: number,
): NewDelivery[] {
  return endpoints.flatMap((endpoint) =>
    messages
      .filter((m) => endpoint.events.includes(m.type))
      .map((m) => ({
        id: `${m.id}.${endpoint.id}`,
        messageId: m.id,
        endpointId: endpoint.id,
        merchantId: endpoint.merchantId,
        type: m.type,
        payload: m.payload,
        createdAt: now,
      })),
  );
}
