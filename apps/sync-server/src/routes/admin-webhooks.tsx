import { type Context, Hono } from "hono";
import { type AdminEnv, requireAdmin } from "../admin/admin-session";
import { WebhookDeliveriesPage, WebhooksPage } from "../admin/pages/webhooks-page";
import { adminActor, recordAudit } from "../audit/audit-log";
import { ApiError } from "../http/api-error";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import { MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT } from "../storage/stored-bounds";
import type { WebhookEndpointRecord } from "../storage/webhook-store";
import { WEBHOOK_EVENT_KINDS, type WebhookEventKind } from "../webhooks/webhook-events";
import { askFirst, confirmed, forgery, form, tr } from "./admin-kit";
import { createEndpoint } from "./webhooks-api";

/** `/admin/webhooks`: endpoints, their signing secret once, their messages, replay and delete. */
export function adminWebhookRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const endpointOf = async (c: Context<AdminEnv>) => {
    const id = c.req.param("id");
    const endpoints = await store.listWebhookEndpoints(c.get("admin").merchantId);
    return endpoints.find((e) => e.id === id) ?? null;
  };
  /** Deleting stops the messages at once: asked first (the GET is the delete link's target). */
  const askDelete = (c: Context<AdminEnv>, endpoint: WebhookEndpointRecord) =>
    askFirst(c, {
      section: "webhooks",
      title: tr.t("webhooks.delete.title"),
      body: `${endpoint.url} — ${tr.t("webhooks.delete.body")}`,
      action: `/admin/webhooks/${endpoint.id}/delete`,
      confirmLabel: tr.t("webhooks.delete.yes"),
      back: "/admin/webhooks",
    });
  const listPage = async (
    c: Context<AdminEnv>,
    extra: { created?: Awaited<ReturnType<typeof createEndpoint>>; error?: string; url?: string },
    status: 200 | 422 = 200,
  ) => {
    const admin = c.get("admin");
    const notices = { deleted: "webhooks.deleted" } as const;
    const notice = c.req.query("notice") === "deleted" ? tr.t(notices.deleted) : undefined;
    return sendPage(
      c,
      <WebhooksPage
        tr={tr}
        admin={admin}
        endpoints={await store.listWebhookEndpoints(admin.merchantId)}
        notice={notice}
        {...extra}
      />,
      status,
    );
  };
  return new Hono<AdminEnv>()
    .use("/webhooks/*", requireAdmin(services, forgery))
    .use("/webhooks", requireAdmin(services, forgery))
    .get("/webhooks", (c) => listPage(c, {}))
    .post("/webhooks", async (c) => {
      const form = await c.req.parseBody({ all: true });
      const url = typeof form.url === "string" ? form.url.trim() : "";
      const picked = ([] as unknown[]).concat(form.events ?? []);
      const events = WEBHOOK_EVENT_KINDS.filter((kind) => picked.includes(kind));
      if (events.length === 0) return listPage(c, { error: tr.t("webhooks.noEvents"), url }, 422);
      try {
        const created = await createEndpoint(
          services,
          c.get("admin").merchantId,
          "webhook",
          url,
          events as WebhookEventKind[],
        );
        await recordAudit(services, adminActor(c.get("admin")), "webhook.created", created.id, {
          url,
        });
        return listPage(c, { created });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const message =
          error.code === "too-many-webhooks"
            ? tr.t("webhooks.tooMany", { max: MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT })
            : error.message;
        return listPage(c, { error: message, url }, 422);
      }
    })
    .get("/webhooks/:id", async (c) => {
      const endpoint = await endpointOf(c);
      if (!endpoint) return c.notFound();
      const admin = c.get("admin");
      return sendPage(
        c,
        <WebhookDeliveriesPage
          tr={tr}
          admin={admin}
          endpoint={endpoint}
          deliveries={await store.listWebhookDeliveries(admin.merchantId, endpoint.id, 100)}
          notice={c.req.query("notice") === "replayed" ? tr.t("webhooks.replayed") : undefined}
        />,
      );
    })
    .post("/webhooks/:id/deliveries/:deliveryId/replay", async (c) => {
      const endpoint = await endpointOf(c);
      const replayed =
        endpoint &&
        (await store.replayWebhookDelivery(
          c.get("admin").merchantId,
          c.req.param("deliveryId"),
          services.now(),
        ));
      if (!replayed) return c.notFound();
      services.webhooks.wake();
      return c.redirect(`/admin/webhooks/${endpoint.id}?notice=replayed`, 303);
    })
    .get("/webhooks/:id/delete", async (c) => {
      const endpoint = await endpointOf(c);
      if (!endpoint) return c.notFound();
      return askDelete(c, endpoint);
    })
    .post("/webhooks/:id/delete", async (c) => {
      const endpoint = await endpointOf(c);
      if (endpoint && !confirmed(await form(c))) return askDelete(c, endpoint);
      if (
        !endpoint ||
        !(await store.deleteWebhookEndpoint(
          c.get("admin").merchantId,
          endpoint.id,
          endpoint.kind,
          services.now(),
        ))
      )
        return c.notFound();
      await recordAudit(services, adminActor(c.get("admin")), "webhook.deleted", endpoint.id, {
        url: endpoint.url,
      });
      return c.redirect("/admin/webhooks?notice=deleted", 303);
    });
}
