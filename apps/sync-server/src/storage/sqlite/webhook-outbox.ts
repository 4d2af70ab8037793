import type Database from "better-sqlite3";
import { deliveriesFor } from "../../webhooks/webhook-deliveries";
import type { WebhookEventKind } from "../../webhooks/webhook-events";
import { type WebhookMessage, webhookMessages } from "../../webhooks/webhook-messages";
import type { CardChange, NewEvent } from "../append/plan-append";

/**
 * Writes a batch's webhook deliveries in the batch's transaction, so a change and the news of it
 * commit together (and neither without the other). A merchant with no endpoints costs one
 * indexed lookup.
 */
export class WebhookOutbox {
  readonly #endpoints: Database.Statement<[string], { id: string; events: string }>;
  readonly #insert: Database.Statement;

  constructor(db: Database.Database) {
    this.#endpoints = db.prepare(
      `SELECT id, events FROM webhook_endpoints
       WHERE merchant_id = ? AND disabled_at IS NULL AND deleted_at IS NULL`,
    );
    this.#insert = db.prepare(
      `INSERT OR IGNORE INTO webhook_deliveries
         (id, message_id, endpoint_id, merchant_id, type, payload, created_at, status, attempts,
          due_at, locked_until)
       VALUES (@id, @messageId, @endpointId, @merchantId, @type, @payload, @createdAt, 'pending', 0,
          @createdAt, 0)`,
    );
  }

  write(
    merchantId: string,
    inserts: readonly NewEvent[],
    changes: readonly CardChange[],
    now: number,
  ): void {
    this.send(merchantId, () => webhookMessages(inserts, changes, now), now);
  }

  /** Messages made by `make` (called only when the merchant has an endpoint) for its endpoints. */
  send(merchantId: string, make: () => readonly WebhookMessage[], now: number): void {
    const endpoints = this.#endpoints.all(merchantId);
    if (endpoints.length === 0) return;
    const subscribed = endpoints.map((row) => ({
      id: row.id,
      merchantId,
      events: JSON.parse(row.events) as WebhookEventKind[],
    }));
    for (const delivery of deliveriesFor(make(), subscribed, now)) this.#insert.run(delivery);
  }
}
