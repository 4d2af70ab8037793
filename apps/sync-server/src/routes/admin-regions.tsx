import { randomUUID } from "node:crypto";
import { type Context, Hono } from "hono";
import type { AdminEnv } from "../admin/admin-session";
import type { LocationsForm } from "../admin/pages/locations-page";
import { adminActor, recordAudit } from "../audit/audit-log";
import type { AppServices } from "../services";
import {
  askFirst,
  confirmed,
  field,
  form,
  merchantWideOnly,
  plainText,
  tr,
  UUID,
} from "./admin-kit";

/**
 * `/admin/locations` regions (wire protocol `SyncScope` `region`): the merchant names regions,
 * renames and deletes them, and puts locations in them. `locationsPage` renders the locations page
 * with a refused form.
 */
export function adminRegionRoutes(
  services: AppServices,
  locationsPage: (c: Context<AdminEnv>, refused: LocationsForm) => Promise<Response>,
): Hono<AdminEnv> {
  const { store } = services;
  const app = new Hono<AdminEnv>();
  // Regions decide what tills replicate: the merchant's, like sync scopes — not a tied manager's.
  app.use("/locations/regions", merchantWideOnly);
  app.use("/locations/regions/*", merchantWideOnly);
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

  app.post("/locations/regions/:id/name", async (c) => {
    const admin = c.get("admin");
    const id = c.req.param("id");
    if (!UUID.test(id)) return c.notFound();
    const name = field(await form(c), "name").trim();
    const refused = (error: string) =>
      locationsPage(c, { target: `region-rename:${id}`, errors: { name: error }, name });
    if (!plainText(name, 60)) return refused(tr.t("locations.regions.name.invalid"));
    const before = await store.getRegion(admin.merchantId, id);
    const renamed = await store.renameRegion(admin.merchantId, id, name);
    if (renamed === "missing" || before === null) return c.notFound();
    if (renamed === "taken") return refused(tr.t("locations.regions.name.taken"));
    if (before.name !== name)
      await recordAudit(services, adminActor(admin), "region.renamed", id, {
        from: before.name,
        to: name,
      });
    return c.redirect("/admin/locations?notice=region-renamed", 303);
  });

  // The region's tills go back to their own location's cards: asked first, with who is affected.
  app.post("/locations/regions/:id/delete", async (c) => {
    const admin = c.get("admin");
    const id = c.req.param("id");
    const region = UUID.test(id) ? await store.getRegion(admin.merchantId, id) : null;
    if (!region) return c.notFound();
    if (!confirmed(await form(c))) {
      const members = (await store.listLocations(admin.merchantId)).filter(
        (l) => l.regionId === id,
      );
      return askFirst(c, {
        section: "locations",
        title: tr.t("locations.regions.delete.title", { name: region.name }),
        body:
          members.length === 0
            ? tr.t("locations.regions.delete.empty")
            : tr.t("locations.regions.delete.body", {
                names: members.map((l) => l.name).join(", "),
              }),
        action: `/admin/locations/regions/${id}/delete`,
        confirmLabel: tr.t("locations.regions.delete"),
        back: "/admin/locations",
      });
    }
    const deleted = await store.deleteRegion(admin.merchantId, id);
    if (!deleted) return c.notFound();
    await recordAudit(services, adminActor(admin), "region.deleted", id, {
      name: deleted.name,
      locations: deleted.locationIds.join(" "),
      keepTheirOwnCards: deleted.fellBack.join(" "),
    });
    return c.redirect("/admin/locations?notice=region-deleted", 303);
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
