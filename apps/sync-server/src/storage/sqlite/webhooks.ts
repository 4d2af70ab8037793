import { and, desc, eq, isNull, sql } from "drizzle-orm";
import * as t from "../schema";
import {
  MAX_DELIVERIES_KEPT_PER_ENDPOINT,
  MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT,
} from "../stored-bounds";
import { webhookDeliveryOf, webhookEndpointOf } from "../webhook-rows";
import type { WebhookStore } from "../webhook-store";
import type { SqliteContext } from "./sqlite-context";

/** Webhook endpoints and their outbox on SQLite (the outbox is filled by the event log). */
export function sqliteWebhooks({ db, client, write }: SqliteContext): WebhookStore {
  const live = (merchantId: string) =>
    and(eq(t.webhookEndpoints.merchantId, merchantId), isNull(t.webhookEndpoints.deletedAt));
  const forgetOld = client.prepare<[string, string, number]>(
    `DELETE FROM webhook_deliveries WHERE endpoint_id = ? AND status <> 'pending' AND id NOT IN (
       SELECT id FROM webhook_deliveries WHERE endpoint_id = ?
       ORDER BY created_at DESC, id DESC LIMIT ?)`,
  );
  return {
    async createWebhookEndpoint(endpoint) {
      return write(() => {
        const count = db
          .select({ n: sql<number>`count(*)` })
          .from(t.webhookEndpoints)
          .where(live(endpoint.merchantId))
          .get();
        if ((count?.n ?? 0) >= MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT) return false;
        db.insert(t.webhookEndpoints)
          .values({ ...endpoint, events: JSON.stringify(endpoint.events), deletedAt: null })
          .run();
        return true;
      });
    },

    async listWebhookEndpoints(merchantId) {
      return db
        .select()
        .from(t.webhookEndpoints)
        .where(live(merchantId))
        .orderBy(desc(t.webhookEndpoints.createdAt))
        .all()
        .map(webhookEndpointOf);
    },

    async deleteWebhookEndpoint(merchantId, endpointId, kind, now) {
      return write(() => {
        const deleted = db
          .update(t.webhookEndpoints)
          .set({ deletedAt: now })
          .where(
            and(
              live(merchantId),
              eq(t.webhookEndpoints.id, endpointId),
              eq(t.webhookEndpoints.kind, kind),
            ),
          )
          .run();
        db.update(t.webhookDeliveries)
          .set({ status: "failed", lastError: "endpoint deleted" })
          .where(
            and(
              eq(t.webhookDeliveries.endpointId, endpointId),
              eq(t.webhookDeliveries.status, "pending"),
            ),
          )
          .run();
        return deleted.changes === 1;
      });
    },

    async listWebhookDeliveries(merchantId, endpointId, limit) {
      return db
        .select()
        .from(t.webhookDeliveries)
        .where(
          and(
            eq(t.webhookDeliveries.merchantId, merchantId),
            eq(t.webhookDeliveries.endpointId, endpointId),
          ),
        )
        .orderBy(desc(t.webhookDeliveries.createdAt), desc(t.webhookDeliveries.id))
        .limit(limit)
        .all()
        .map(webhookDeliveryOf);
    },

    async claimWebhookDeliveries(now, leaseMs, limit) {
      // One statement: of several processes, whoever's UPDATE wins takes the lease.
      const claimed = client
        .prepare<[number, number, number, number], { id: string }>(
          `UPDATE webhook_deliveries SET locked_until = ?, attempts = attempts + 1
           WHERE id IN (
             SELECT d.id FROM webhook_deliveries d
             JOIN webhook_endpoints e ON e.id = d.endpoint_id
             WHERE d.status = 'pending' AND d.due_at <= ? AND d.locked_until < ?
               AND e.disabled_at IS NULL AND e.deleted_at IS NULL
             ORDER BY d.due_at LIMIT ?)
           RETURNING id`,
        )
        .all(now + leaseMs, now, now, limit);
      return claimed.flatMap(({ id }) => {
        const row = db
          .select()
          .from(t.webhookDeliveries)
          .innerJoin(t.webhookEndpoints, eq(t.webhookEndpoints.id, t.webhookDeliveries.endpointId))
          .where(eq(t.webhookDeliveries.id, id))
          .get();
        if (!row) return [];
        const { url, secret, kind, failingSince } = row.webhook_endpoints;
        return [
          {
            ...webhookDeliveryOf(row.webhook_deliveries),
            endpoint: { url, secret, kind, failingSince },
          },
        ];
      });
    },

    async finishWebhookDelivery(delivery, outcome) {
      write(() => {
        db.update(t.webhookDeliveries)
          .set({
            status: outcome.status,
            dueAt: outcome.dueAt,
            lockedUntil: 0,
            lastStatus: outcome.httpStatus,
            lastError: outcome.error,
            ...(outcome.status === "delivered" ? { deliveredAt: outcome.at } : {}),
          })
          .where(eq(t.webhookDeliveries.id, delivery.id))
          .run();
        db.update(t.webhookEndpoints)
          .set({
            failingSince: outcome.endpointFailingSince,
            ...(outcome.disableEndpoint ? { disabledAt: outcome.at } : {}),
          })
          .where(eq(t.webhookEndpoints.id, delivery.endpointId))
          .run();
        forgetOld.run(delivery.endpointId, delivery.endpointId, MAX_DELIVERIES_KEPT_PER_ENDPOINT);
      });
    },

    async replayWebhookDelivery(merchantId, deliveryId, now) {
      return write(() => {
        const delivery = db
          .select()
          .from(t.webhookDeliveries)
          .where(
            and(
              eq(t.webhookDeliveries.id, deliveryId),
              eq(t.webhookDeliveries.merchantId, merchantId),
            ),
          )
          .get();
        if (!delivery) return false;
        const endpoint = db
          .update(t.webhookEndpoints)
          .set({ disabledAt: null, failingSince: null })
          .where(and(live(merchantId), eq(t.webhookEndpoints.id, delivery.endpointId)))
          .run();
        if (endpoint.changes === 0) return false;
        db.update(t.webhookDeliveries)
          .set({ status: "pending", attempts: 0, dueAt: now, lockedUntil: 0 })
          .where(eq(t.webhookDeliveries.id, deliveryId))
          .run();
        return true;
      });
    },
  };
}
