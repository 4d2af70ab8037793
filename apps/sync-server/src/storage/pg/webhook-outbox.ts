import { deliveriesFor } from "../../webhooks/webhook-deliveries";
import type { WebhookEventKind } from "../../webhooks/webhook-events";
import { type WebhookMessage, webhookMessages } from "../../webhooks/webhook-messages";
import type { CardChange, NewEvent } from "../append/plan-append";
import type { PgTx } from "./pg-context";

/**
 * Writes a batch's webhook deliveries in the batch's transaction (see the SQLite twin): one
 * indexed lookup for a merchant without endpoints, one set-based INSERT otherwise.
 */
export function writeWebhookDeliveries(
  tx: PgTx,
  merchantId: string,
  inserts: readonly NewEvent[],
  changes: readonly CardChange[],
  now: number,
): Promise<void> {
  return sendWebhookMessages(
    tx,
    merchantId,
    async () => webhookMessages(inserts, changes, now),
    now,
  );
}

/** Messages made by `make` (called only when the merchant has an endpoint) for its endpoints. */
export async function sendWebhookMessages(
  tx: PgTx,
  merchantId: string,
  make: () => Promise<readonly WebhookMessage[]>,
  now: number,
): Promise<void> {
  const endpoints = await tx.query<{ id: string; events: string }>(
    "webhook-endpoints-live",
    `SELECT id, events FROM webhook_endpoints
     WHERE merchant_id = $1 AND disabled_at IS NULL AND deleted_at IS NULL`,
    [merchantId],
  );
  if (endpoints.length === 0) return;
  const rows = deliveriesFor(
    await make(),
    endpoints.map((row) => ({
      id: row.id,
      merchantId,
      events: JSON.parse(row.events) as WebhookEventKind[],
    })),
    now,
  );
  if (rows.length === 0) return;
  await tx.query(
    "webhook-deliveries-insert",
    `INSERT INTO webhook_deliveries
       (id, message_id, endpoint_id, merchant_id, type, payload, created_at, status, attempts,
        due_at, locked_until)
     SELECT u.id, u.message_id, u.endpoint_id, $1, u.type, u.payload, $2, 'pending', 0, $2, 0
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       AS u(id, message_id, endpoint_id, type, payload)
     ON CONFLICT (id) DO NOTHING`,
    [
      merchantId,
      now,
      rows.map((r) => r.id),
      rows.map((r) => r.messageId),
      rows.map((r) => r.endpointId),
      rows.map((r) => r.type),
      rows.map((r) => r.payload),
    ],
  );
}
