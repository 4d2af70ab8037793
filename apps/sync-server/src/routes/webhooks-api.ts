import { randomBytes, randomUUID } from "node:crypto";
import { Hono } from "hono";
import * as v from "valibot";
import { apiKeyActor, recordAudit } from "../audit/audit-log";
import { ApiError } from "../http/api-error";
import { type AuthEnv, authenticate, merchantOf } from "../http/authenticate";
import { readJson } from "../http/json-body";
import type { AppServices } from "../services";
import { MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT } from "../storage/stored-bounds";
import type { WebhookEndpointKind, WebhookEndpointRecord } from "../storage/webhook-store";
import {
  WEBHOOK_EVENT_KINDS,
  type WebhookEventKind,
  WebhookEventKindSchema,
} from "../webhooks/webhook-events";
import { samplePayload } from "../webhooks/webhook-samples";
import { checkWebhookTarget } from "../webhooks/webhook-target";

export const WebhookBody = v.strictObject({
  url: v.pipe(v.string(), v.maxLength(2_000, "must be at most 2000 characters")),
  events: v.pipe(
    v.array(WebhookEventKindSchema),
    v.minLength(1, "must name at least one event kind"),
    v.maxLength(WEBHOOK_EVENT_KINDS.length),
  ),
});

export const RestHookBody = v.object({
  target_url: v.pipe(v.string(), v.maxLength(2_000, "must be at most 2000 characters")),
  event: WebhookEventKindSchema,
});

/** What the API says of an endpoint: never its secret, which is shown once when made. */
function endpointView(endpoint: WebhookEndpointRecord) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    createdAt: new Date(endpoint.createdAt).toISOString(),
    failingSince: endpoint.failingSince && new Date(endpoint.failingSince).toISOString(),
    disabledAt: endpoint.disabledAt && new Date(endpoint.disabledAt).toISOString(),
  };
}

/** Makes an endpoint of the merchant: target checked, a fresh `whsec_` secret, the bound held. */
export async function createEndpoint(
  services: AppServices,
  merchantId: string,
  kind: WebhookEndpointKind,
  url: string,
  events: readonly WebhookEventKind[],
): Promise<WebhookEndpointRecord> {
  const target = checkWebhookTarget(url, services.webhookAllowPrivateTargets);
  if (!target.ok) throw new ApiError("webhook-target-refused", target.message);
  const endpoint: WebhookEndpointRecord = {
    id: randomUUID(),
    merchantId,
    kind,
    url: target.url,
    events: [...new Set(events)],
    secret: `whsec_${randomBytes(24).toString("base64")}`,
    createdAt: services.now(),
    failingSince: null,
    disabledAt: null,
  };
  if (!(await services.store.createWebhookEndpoint(endpoint)))
    throw new ApiError(
      "too-many-webhooks",
      `a merchant can have ${MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT} endpoints: delete one first`,
    );
  return endpoint;
}

/** Standard Webhooks endpoints (API.md § Webhooks). */
export function webhookRoutes(services: AppServices): Hono<AuthEnv> {
  const { store } = services;
  const auth = authenticate(services, ["api-key"]);
  const owned = async (merchantId: string, id: string) => {
    const endpoint = (await store.listWebhookEndpoints(merchantId)).find(
      (e) => e.id === id && e.kind === "webhook",
    );
    if (!endpoint) throw new ApiError("webhook-not-found", "no such webhook endpoint");
    return endpoint;
  };
  return new Hono<AuthEnv>()
    .post("/", auth, async (c) => {
      const body = await readJson(c, WebhookBody);
      const merchantId = merchantOf(c.get("principal"));
      const endpoint = await createEndpoint(services, merchantId, "webhook", body.url, body.events);
      await recordAudit(services, apiKeyActor(c.get("principal")), "webhook.created", endpoint.id, {
        url: body.url,
      });
      return c.json({ ...endpointView(endpoint), secret: endpoint.secret }, 201);
    })
    .get("/", auth, async (c) => {
      const endpoints = await store.listWebhookEndpoints(merchantOf(c.get("principal")));
      return c.json({ items: endpoints.filter((e) => e.kind === "webhook").map(endpointView) });
    })
    .get("/:id/deliveries", auth, async (c) => {
      const merchantId = merchantOf(c.get("principal"));
      const endpoint = await owned(merchantId, c.req.param("id"));
      const deliveries = await store.listWebhookDeliveries(merchantId, endpoint.id, 100);
      return c.json({
        items: deliveries.map((d) => ({
          id: d.id,
          webhookId: d.messageId,
          type: d.type,
          status: d.status,
          attempts: d.attempts,
          createdAt: new Date(d.createdAt).toISOString(),
          nextAttemptAt: d.status === "pending" ? new Date(d.dueAt).toISOString() : null,
          lastStatus: d.lastStatus,
          lastError: d.lastError,
          deliveredAt: d.deliveredAt && new Date(d.deliveredAt).toISOString(),
          payload: JSON.parse(d.payload),
        })),
      });
    })
    .post("/:id/deliveries/:deliveryId/replay", auth, async (c) => {
      const merchantId = merchantOf(c.get("principal"));
      await owned(merchantId, c.req.param("id"));
      const replayed = await store.replayWebhookDelivery(
        merchantId,
        c.req.param("deliveryId"),
        services.now(),
      );
      if (!replayed) throw new ApiError("delivery-not-found", "no such delivery");
      services.webhooks.wake();
      return c.json({ replayed: true }, 202);
    })
    .delete("/:id", auth, async (c) => {
      const merchantId = merchantOf(c.get("principal"));
      const deleted = await store.deleteWebhookEndpoint(
        merchantId,
        c.req.param("id"),
        "webhook",
        services.now(),
      );
      if (!deleted) throw new ApiError("webhook-not-found", "no such webhook endpoint");
      await recordAudit(
        services,
        apiKeyActor(c.get("principal")),
        "webhook.deleted",
        c.req.param("id"),
      );
      return c.body(null, 204);
    });
}

/** REST hooks for Zapier-style tools: subscribe one event kind, unsubscribe, sample data. */
export function restHookRoutes(services: AppServices): Hono<AuthEnv> {
  const auth = authenticate(services, ["api-key"]);
  return new Hono<AuthEnv>()
    .post("/", auth, async (c) => {
      const body = await readJson(c, RestHookBody);
      const merchantId = merchantOf(c.get("principal"));
      const hook = await createEndpoint(services, merchantId, "rest-hook", body.target_url, [
        body.event,
      ]);
      await recordAudit(services, apiKeyActor(c.get("principal")), "webhook.created", hook.id, {
        url: body.target_url,
      });
      return c.json({ id: hook.id, target_url: hook.url, event: body.event }, 201);
    })
    .get("/samples/:event", auth, (c) => {
      const kind = v.safeParse(WebhookEventKindSchema, c.req.param("event"));
      if (!kind.success) throw new ApiError("not-found", `no event kind ${c.req.param("event")}`);
      return c.json([samplePayload(kind.output, services.now())]);
    })
    .delete("/:id", auth, async (c) => {
      const deleted = await services.store.deleteWebhookEndpoint(
        merchantOf(c.get("principal")),
        c.req.param("id"),
        "rest-hook",
        services.now(),
      );
      if (!deleted) throw new ApiError("webhook-not-found", "no such hook");
      await recordAudit(
        services,
        apiKeyActor(c.get("principal")),
        "webhook.deleted",
        c.req.param("id"),
      );
      return c.body(null, 204);
    });
}
