import type { WebhookEventKind } from "../webhooks/webhook-events";
import type * as t from "./schema";
import type { WebhookDelivery, WebhookEndpointRecord } from "./webhook-store";

/** Both adapters' endpoint rows (the same TypeScript row type) as records. */
export function webhookEndpointOf(
  row: typeof t.webhookEndpoints.$inferSelect,
): WebhookEndpointRecord {
  return {
    id: row.id,
    merchantId: row.merchantId,
    kind: row.kind,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventKind[],
    secret: row.secret,
    createdAt: row.createdAt,
    failingSince: row.failingSince,
    disabledAt: row.disabledAt,
  };
}

export function webhookDeliveryOf(row: typeof t.webhookDeliveries.$inferSelect): WebhookDelivery {
  const { lockedUntil: _lease, ...delivery } = row;
  return delivery;
}
