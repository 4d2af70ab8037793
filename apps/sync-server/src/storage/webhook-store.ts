import type { WebhookEventKind } from "../webhooks/webhook-events";

export type WebhookEndpointKind = "webhook" | "rest-hook";

export interface WebhookEndpointRecord {
  readonly id: string;
  readonly merchantId: string;
  readonly kind: WebhookEndpointKind;
  readonly url: string;
  readonly events: readonly WebhookEventKind[];
  /** `whsec_` + base64 of the signing key (Standard Webhooks). */
  readonly secret: string;
  readonly createdAt: number;
  readonly failingSince: number | null;
  readonly disabledAt: number | null;
}

export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface WebhookDelivery {
  readonly id: string;
  readonly messageId: string;
  readonly endpointId: string;
  readonly merchantId: string;
  readonly type: string;
  readonly payload: string;
  readonly createdAt: number;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly dueAt: number;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly deliveredAt: number | null;
}

/** A claimed delivery with what sending it needs. */
export interface DueDelivery extends WebhookDelivery {
  readonly endpoint: Pick<WebhookEndpointRecord, "url" | "secret" | "kind" | "failingSince">;
}

/** How an attempt ended, and what becomes of the delivery and its endpoint (webhook-retries.ts). */
export interface DeliveryOutcome {
  /** When the attempt was made. */
  readonly at: number;
  readonly status: DeliveryStatus;
  readonly httpStatus: number | null;
  readonly error: string | null;
  /** When to try again (status pending). */
  readonly dueAt: number;
  readonly endpointFailingSince: number | null;
  readonly disableEndpoint: boolean;
}

/** Webhook endpoints and their outbox; deliveries are written by the event log with each change. */
export interface WebhookStore {
  /** False when the merchant has MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT already. */
  createWebhookEndpoint(endpoint: WebhookEndpointRecord): Promise<boolean>;
  listWebhookEndpoints(merchantId: string): Promise<WebhookEndpointRecord[]>;
  /** Deletes it and drops its pending deliveries; false when the merchant has no such endpoint. */
  deleteWebhookEndpoint(
    merchantId: string,
    endpointId: string,
    kind: WebhookEndpointKind,
    now: number,
  ): Promise<boolean>;
  /** The endpoint's newest deliveries first. */
  listWebhookDeliveries(
    merchantId: string,
    endpointId: string,
    limit: number,
  ): Promise<WebhookDelivery[]>;
  /** Due deliveries of live endpoints, leased to this caller: instances never send one twice at once. */
  claimWebhookDeliveries(now: number, leaseMs: number, limit: number): Promise<DueDelivery[]>;
  finishWebhookDelivery(delivery: DueDelivery, outcome: DeliveryOutcome): Promise<void>;
  /** Sends it again (same webhook-id) at `now`; re-enables a disabled endpoint. */
  replayWebhookDelivery(merchantId: string, deliveryId: string, now: number): Promise<boolean>;
}
