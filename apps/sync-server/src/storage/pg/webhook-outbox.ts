import { deliveriesFor, type NewDelivery } from "../../webhooks/webhook-deliveries";
import type { WebhookEventKind } from "../../webhooks/webhook-events";
import { type WebhookMessage, webhookMessages } from "../../webhooks/webhook-messages";
import type { CardChange, NewEvent } from "../append/plan-append";
import type { WebhookEndpointRecord } from "../webhook-store";
import type { PgTx } from "./pg-context";

/** A live endpoint of the merchant, as its deliveries are made for it. */
export type LiveEndpoint = Pick<WebhookEndpointRecord, "id" | "merchantId" | "events">;

/** The merchant's live endpoints: one indexed lookup, none for a merchant without endpoints. */
export async function liveEndpoints(tx: PgTx, merchantId: string): Promise<LiveEndpoint[]> {
  const rows = await tx.query<{ id: string; events: string }>(
    "webhook-endpoints-live",
    `SELECT id, events FROM webhook_endpoints
     WHERE merchant_id = $1 AND disabled_at IS NULL AND deleted_at IS NULL`,
    [merchantId],
  );
  return rows.map((row) => ({
    id: row.id,
    merchantId,
    events: JSON.parse(row.events) as WebhookEventKind[],
  }));
}

/**
 * A batch's webhook deliveries for the `endpoints` read in its transaction (see the SQLite twin),
 * made only when the merchant has an endpoint.
 */
export function batchDeliveries(
  endpoints: readonly LiveEndpoint[],
  inserts: readonly NewEvent[],
  changes: readonly CardChange[],
  now: number,
): NewDelivery[] {
  return endpoints.length === 0
    ? []
    : deliveriesFor(webhookMessages(inserts, changes, now), endpoints, now);
}

/**
 * Writes `deliveries` in one set-based INSERT, sent at once (none when there are none): a batch
 * sends it in the round trip of its other writes.
 */
export async function insertDeliveries(
  tx: PgTx,
  merchantId: string,
  deliveries: readonly NewDelivery[],
  now: number,
): Promise<void> {
  if (deliveries.length === 0) return;
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
      deliveries.map((r) => r.id),
      deliveries.map((r) => r.messageId),
      deliveries.map((r) => r.endpointId),
      deliveries.map((r) => r.type),
      deliveries.map((r) => r.payload),
    ],
  );
}

/** Messages made by `make` (called only when the merchant has an endpoint) for its endpoints. */
export async function sendWebhookMessages(
  tx: PgTx,
  merchantId: string,
  make: () => Promise<readonly WebhookMessage[]>,
  now: number,
): Promise<void> {
  const endpoints = await liveEndpoints(tx, merchantId);
  if (endpoints.length === 0) return;
  await insertDeliveries(tx, merchantId, deliveriesFor(await make(), endpoints, now), now);
}
