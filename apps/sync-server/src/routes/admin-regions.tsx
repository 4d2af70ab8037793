import { randomUUID } from "node:crypto";
import { type Context, Hono } from "hono";
import type { AdminEnv } from "../admin/admin-session";
import type { LocationsForm } from "../admin/pages/locations-page";
import { adminActor, recordAudit } from "../audit/audit-log";
import type { AppServices } from "../services";
import { field, forgery, form, plainText, tr, UUID } from "./admin-kit";

/**
 * `/admin/locations` regions (wire protocol `SyncScope` `region`): the merchant names regions and
 * puts locations in them. `locationsPage` renders the locations page with a refused form.
 */
export function adminRegionRoutes(
  services: AppServices,
  locationsPage: (c: Context<AdminEnv>, refused: LocationsForm) => Promise<Response>,
): Hono<AdminEnv> {
  const { store } = services;
  const app = new Hono<AdminEnv>();
  // Regions decide what tills replicate: the merchant's, like sync scopes — not a tied manager's.
  app.use("/locations/regions", merchantWideOnly);
  app.use("/locations/:id/region", merchantWideOnly);

  app.post("/locations/regions", async (c) => {
    const admin = c.get("admin");
    const name = field(await form(c), "name").trim();
    const refused = (error: string) =>
      locationsPage(c, { target: "region", errors: { name: error }, name });
    if (!plainText(name, 60)) return refused(tr.t("locations.regions.name.invalid"));
    const id = randomUUID();
    const created = await store.createRegion({
      id,
      merchantId: admin.merchantId,
      name,
      createdAt: services.now(),
    });
    if (!created) return refused(tr.t("locations.regions.name.taken"));
    await recordAudit(services, adminActor(admin), "region.created", id, { name });
    return c.redirect("/admin/locations?notice=region-added", 303);
  });

  // Moving a location makes the tills of its new region pull the region again (`RegionRecord`).
  app.post("/locations/:id/region", async (c) => {
    const admin = c.get("admin");
    const id = c.req.param("id");
    const chosen = field(await form(c), "regionId");
    if (!UUID.test(id) || (chosen !== "" && !UUID.test(chosen))) return c.notFound();
    const regionId = chosen === "" ? null : chosen;
    if (!(await store.setLocationRegion(admin.merchantId, id, regionId))) return c.notFound();
    await recordAudit(services, adminActor(admin), "location.region", id, { regionId });
    return c.redirect("/admin/locations?notice=region", 303);
  });

  return app;
}

async function merchantWideOnly(c: Context<AdminEnv>, next: () => Promise<void>) {
  if (c.get("admin").locations !== null) return forgery(c);
  await next();
}
