import { type Context, Hono } from "hono";
import type { AdminEnv } from "../admin/admin-session";
import { ApiKeysPage } from "../admin/pages/api-keys-page";
import { createApiKey } from "../api-keys/api-key";
import { adminActor, recordAudit } from "../audit/audit-log";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import { MAX_ACTIVE_API_KEYS_PER_MERCHANT } from "../storage/stored-bounds";
import { askFirst, confirmed, field, form, notice, plainText, tr, UUID } from "./admin-kit";

/** `/admin/api-keys`: keys for a POS or scripts, shown once when made; revoking is confirmed. */
export function adminApiKeyRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const app = new Hono<AdminEnv>();

  const keysPage = async (
    c: Context<AdminEnv>,
    extra: { created?: string; nameError?: string } = {},
  ) => {
    const admin = c.get("admin");
    const keys = await store.listApiKeys(admin.merchantId);
    return sendPage(
      c,
      <ApiKeysPage tr={tr} admin={admin} keys={keys} notice={notice(c)} {...extra} />,
      extra.nameError ? 422 : 200,
    );
  };
  app.get("/api-keys", (c) => keysPage(c));

  app.post("/api-keys", async (c) => {
    const name = field(await form(c), "name");
    if (!plainText(name, 60)) return keysPage(c, { nameError: tr.t("keys.name.invalid") });
    const created = await createApiKey(services, c.get("admin").merchantId, name);
    if (!created.ok)
      return keysPage(c, {
        nameError: tr.t("keys.tooMany", { max: MAX_ACTIVE_API_KEYS_PER_MERCHANT }),
      });
    await recordAudit(services, adminActor(c.get("admin")), "api-key.created", created.id, {
      name,
    });
    return keysPage(c, { created: created.key });
  });

  app.post("/api-keys/:id/revoke", async (c) => {
    const admin = c.get("admin");
    const id = c.req.param("id");
    const key = UUID.test(id)
      ? (await store.listApiKeys(admin.merchantId)).find((k) => k.id === id && k.revokedAt === null)
      : undefined;
    if (!key) return c.notFound();
    if (!confirmed(await form(c)))
      return askFirst(c, {
        section: "apiKeys",
        title: tr.t("keys.confirm.title", { name: key.name }),
        body: tr.t("keys.confirm.body"),
        action: `/admin/api-keys/${id}/revoke`,
        confirmLabel: tr.t("keys.confirm.yes"),
        back: "/admin/api-keys",
      });
    if (!(await store.revokeApiKey(admin.merchantId, id, services.now()))) return c.notFound();
    await recordAudit(services, adminActor(admin), "api-key.revoked", id);
    return c.redirect("/admin/api-keys?notice=key-revoked", 303);
  });

  return app;
}
