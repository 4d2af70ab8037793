import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import {
  MAX_DELIVERIES_KEPT_PER_ENDPOINT,
  MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT,
} from "../stored-bounds";
import { webhookDeliveryOf, webhookEndpointOf } from "../webhook-rows";
import type { WebhookStore } from "../webhook-store";
import type { PgContext } from "./pg-context";
import * as t from "./schema";

/** Webhook endpoints and their outbox on PostgreSQL (the outbox is filled by the event log). */
export function pgWebhooks({ db, transaction, holdRow, query }: PgContext): WebhookStore {
  const live = (merchantId: string) =>
    and(eq(t.webhookEndpoints.merchantId, merchantId), isNull(t.webhookEndpoints.deletedAt));
  return {
    async createWebhookEndpoint(endpoint) {
      return transaction(async (tx) => {
        // The merchant's row held: two requests racing for the last place take turns.
        await holdRow(tx, "merchants", endpoint.merchantId);
        const [count] = await tx.db
          .select({ n: sql<number>`count(*)::int` })
          .from(t.webhookEndpoints)
          .where(live(endpoint.merchantId));
        if ((count?.n ?? 0) >= MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT) return false;
        await tx.db
          .insert(t.webhookEndpoints)
          .values({ ...endpoint, events: JSON.stringify(endpoint.events), deletedAt: null });
        return true;
      });
    },

    async listWebhookEndpoints(merchantId) {
      const rows = await db
        .select()
        .from(t.webhookEndpoints)
        .where(live(merchantId))
        .orderBy(desc(t.webhookEndpoints.createdAt));
      return rows.map(webhookEndpointOf);
    },

    async deleteWebhookEndpoint(merchantId, endpointId, kind, now) {
      return transaction(async ({ db: tx }) => {
        const deleted = await tx
          .update(t.webhookEndpoints)
          .set({ deletedAt: now })
          .where(
            and(
              live(merchantId),
              eq(t.webhookEndpoints.id, endpointId),
              eq(t.webhookEndpoints.kind, kind),
            ),
          )
          .returning({ id: t.webhookEndpoints.id });
        await tx
          .update(t.webhookDeliveries)
          .set({ status: "failed", lastError: "endpoint deleted" })
          .where(
            and(
              eq(t.webhookDeliveries.endpointId, endpointId),
              eq(t.webhookDeliveries.status, "pending"),
            ),
          );
        return deleted.length === 1;
      });
    },

    async listWebhookDeliveries(merchantId, endpointId, limit) {
      const rows = await db
        .select()
        .from(t.webhookDeliveries)
        .where(
          and(
            eq(t.webhookDeliveries.merchantId, merchantId),
            eq(t.webhookDeliveries.endpointId, endpointId),
          ),
        )
        .orderBy(desc(t.webhookDeliveries.createdAt), desc(t.webhookDeliveries.id))
        .limit(limit);
      return rows.map(webhookDeliveryOf);
    },

    async claimWebhookDeliveries(now, leaseMs, limit) {
      // SKIP LOCKED: instances claiming at once each take other due deliveries.
      const claimed = await query<{ id: string }>(
        "webhook-claim",
        `UPDATE webhook_deliveries SET locked_until = $1, attempts = attempts + 1
         WHERE id IN (
           SELECT d.id FROM webhook_deliveries d
           JOIN webhook_endpoints e ON e.id = d.endpoint_id
           WHERE d.status = 'pending' AND d.due_at <= $2 AND d.locked_until < $2
             AND e.disabled_at IS NULL AND e.deleted_at IS NULL
           ORDER BY d.due_at LIMIT $3 FOR UPDATE OF d SKIP LOCKED)
         RETURNING id`,
        [now + leaseMs, now, limit],
      );
      if (claimed.length === 0) return [];
      const rows = await db
        .select()
        .from(t.webhookDeliveries)
        .innerJoin(t.webhookEndpoints, eq(t.webhookEndpoints.id, t.webhookDeliveries.endpointId))
        .where(
          inArray(
            t.webhookDeliveries.id,
            claimed.map((row) => row.id),
          ),
        );
      return rows.map((row) => {
        const { url, secret, kind, failingSince } = row.webhook_endpoints;
        return {
          ...webhookDeliveryOf(row.webhook_deliveries),
          endpoint: { url, secret, kind, failingSince },
        };
      });
    },

    async finishWebhookDelivery(delivery, outcome) {
      await transaction(async (tx) => {
        // The endpoint row first, as deleting one takes it first: no two transactions deadlock.
        await tx.db
          .update(t.webhookEndpoints)
          .set({
            failingSince: outcome.endpointFailingSince,
            ...(outcome.disableEndpoint ? { disabledAt: outcome.at } : {}),
          })
          .where(eq(t.webhookEndpoints.id, delivery.endpointId));
        await tx.db
          .update(t.webhookDeliveries)
          .set({
            status: outcome.status,
            dueAt: outcome.dueAt,
            lockedUntil: 0,
            lastStatus: outcome.httpStatus,
            lastError: outcome.error,
            ...(outcome.status === "delivered" ? { deliveredAt: outcome.at } : {}),
          })
          .where(eq(t.webhookDeliveries.id, delivery.id));
        await tx.query(
          "webhook-log-bound",
          `DELETE FROM webhook_deliveries WHERE endpoint_id = $1 AND status <> 'pending'
             AND id NOT IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = $1
               ORDER BY created_at DESC, id DESC LIMIT $2)`,
          [delivery.endpointId, MAX_DELIVERIES_KEPT_PER_ENDPOINT],
        );
      });
    },

    async replayWebhookDelivery(merchantId, deliveryId, now) {
      return transaction(async ({ db: tx }) => {
        const [delivery] = await tx
          .select()
          .from(t.webhookDeliveries)
          .where(
            and(
              eq(t.webhookDeliveries.id, deliveryId),
              eq(t.webhookDeliveries.merchantId, merchantId),
            ),
          );
        if (!delivery) return false;
        const endpoint = await tx
          .update(t.webhookEndpoints)
          .set({ disabledAt: null, failingSince: null })
          .where(and(live(merchantId), eq(t.webhookEndpoints.id, delivery.endpointId)))
          .returning({ id: t.webhookEndpoints.id });
        if (endpoint.length === 0) return false;
        await tx
          .update(t.webhookDeliveries)
          .set({ status: "pending", attempts: 0, dueAt: now, lockedUntil: 0 })
          .where(eq(t.webhookDeliveries.id, deliveryId));
        return true;
      });
    },
  };
}
