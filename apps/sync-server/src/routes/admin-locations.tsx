import { randomUUID } from "node:crypto";
import { STAFF_PIN, SyncScopeSchema } from "@stamp/wire-protocol";
import { type Context, Hono } from "hono";
import * as v from "valibot";
import { worksAt } from "../admin/admin-scope";
import type { AdminEnv } from "../admin/admin-session";
import { type LocationsForm, LocationsPage } from "../admin/pages/locations-page";
import type { FormFields } from "../admin/program-form";
import { adminActor, recordAudit } from "../audit/audit-log";
import { staffPinHash } from "../locations/staff-pin";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import { parseLocationReminder } from "../wallet/location-reminder";
import { LocationWalletFields } from "../wallet/pages/location-wallet-fields";
import {
  askFirst,
  confirmed,
  field,
  form,
  merchantWideOnly,
  notice,
  plainText,
  shownLocations,
  tr,
  UUID,
} from "./admin-kit";
import { adminRegionRoutes } from "./admin-regions";

function pinErrors(fields: FormFields): Record<string, string> {
  const pin = field(fields, "pin");
  if (!STAFF_PIN.test(pin)) return { pin: tr.t("locations.pin.invalid") };
  if (field(fields, "confirm") !== pin) return { confirm: tr.t("locations.pin.mismatch") };
  return {};
}

/**
 * `/admin/locations`: the shops (added, renamed, removed), their staff PINs, which cards their
 * tills keep, and their wallet reminder positions.
 */
export function adminLocationRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const app = new Hono<AdminEnv>();

  const locationsPage = async (
    c: Context<AdminEnv>,
    locationsForm?: LocationsForm,
    invalidCoordinates?: { locationId: string; fields: readonly string[] },
    problem?: string,
  ) => {
    const admin = c.get("admin");
    const [locations, placed, programs, regions] = await Promise.all([
      shownLocations(store, admin),
      services.wallet.store.placedLocations(admin.merchantId),
      store.listPrograms(admin.merchantId),
      store.listRegions(admin.merchantId),
    ]);
    const positions = new Map(placed.map((p) => [p.id, p]));
    return sendPage(
      c,
      <LocationsPage
        tr={tr}
        admin={admin}
        locations={locations}
        notice={notice(c)}
        problem={problem}
        form={locationsForm}
        regions={regions}
        extra={(location) => (
          <LocationWalletFields
            tr={tr}
            csrf={admin.csrf}
            locationId={location.id}
            programId={programs[0]?.program.id ?? null}
            placed={positions.get(location.id) ?? null}
            invalid={
              invalidCoordinates?.locationId === location.id ? invalidCoordinates.fields : []
            }
          />
        )}
      />,
      problem ? 409 : locationsForm || invalidCoordinates ? 422 : 200,
    );
  };
  app.get("/locations", (c) => locationsPage(c));
  app.route("/", adminRegionRoutes(services, locationsPage));

  /** The admin's location `id` names (for a manager tied to locations: one of theirs), or null. */
  const worked = async (c: Context<AdminEnv>, id: string) => {
    const admin = c.get("admin");
    if (!UUID.test(id) || !worksAt(admin, id)) return null;
    return store.getLocation(admin.merchantId, id);
  };
  app.post("/locations/:id/coordinates", async (c) => {
    const admin = c.get("admin");
    const id = c.req.param("id");
    if (!(await worked(c, id))) return c.notFound();
    const fields = await form(c);
    const parsed = parseLocationReminder({
      latitude: field(fields, "latitude"),
      longitude: field(fields, "longitude"),
      relevantText: field(fields, "relevantText"),
    });
    if (!parsed.ok) return locationsPage(c, undefined, { locationId: id, fields: parsed.invalid });
    const wallet = services.wallet.store;
    if (
      !UUID.test(id) ||
      !(await wallet.setLocationReminder(admin.merchantId, id, parsed.reminder, services.now()))
    )
      return c.notFound();
    await recordAudit(services, adminActor(admin), "location.coordinates", id);
    return c.redirect("/admin/locations?notice=coordinates", 303);
  });

  app.post("/locations", merchantWideOnly, async (c) => {
    const admin = c.get("admin");
    const fields = await form(c);
    const name = field(fields, "name");
    const errors = {
      ...(plainText(name, 60) ? {} : { name: tr.t("locations.name.invalid") }),
      ...pinErrors(fields),
    };
    if (Object.keys(errors).length > 0) return locationsPage(c, { target: "new", errors, name });
    const id = randomUUID();
    await store.createLocation({
      id,
      merchantId: admin.merchantId,
      name,
      staffPin: await staffPinHash(field(fields, "pin")),
      createdAt: services.now(),
      syncScope: "location",
    });
    await recordAudit(services, adminActor(admin), "location.created", id, { name });
    return c.redirect("/admin/locations?notice=location", 303);
  });

  app.post("/locations/:id/pin", async (c) => {
    const admin = c.get("admin");
    const id = c.req.param("id");
    if (!(await worked(c, id))) return c.notFound();
    const fields = await form(c);
    const errors = pinErrors(fields);
    if (Object.keys(errors).length > 0) return locationsPage(c, { target: id, errors });
    await store.setStaffPin(admin.merchantId, id, await staffPinHash(field(fields, "pin")));
    await recordAudit(services, adminActor(admin), "location.pin-changed", id);
    return c.redirect("/admin/locations?notice=pin", 303);
  });

  // Which cards the location's tills replicate (stamp-core SPEC SC2).
  app.post("/locations/:id/sync-scope", merchantWideOnly, async (c) => {
    const scope = v.safeParse(SyncScopeSchema, field(await form(c), "scope"));
    if (!scope.success) return c.text("Choose which cards the tills keep.", 422);
    const id = c.req.param("id");
    if (!(await store.setSyncScope(c.get("admin").merchantId, id, scope.output)))
      return c.notFound();
    await recordAudit(services, adminActor(c.get("admin")), "location.sync-scope", id, {
      scope: scope.output,
    });
    return c.redirect("/admin/locations?notice=sync-scope", 303);
  });

  app.post("/locations/:id/name", async (c) => {
    const admin = c.get("admin");
    const id = c.req.param("id");
    if (!(await worked(c, id))) return c.notFound();
    const name = field(await form(c), "name");
    if (!plainText(name, 60))
      return locationsPage(c, {
        target: `rename:${id}`,
        errors: { name: tr.t("locations.name.invalid") },
        name,
      });
    if (!(await store.renameLocation(admin.merchantId, id, name, services.now())))
      return c.notFound();
    await recordAudit(services, adminActor(admin), "location.renamed", id, { name });
    return c.redirect("/admin/locations?notice=renamed", 303);
  });

  // Removing asks first; with tills still paired there it is refused, saying how many.
  app.post("/locations/:id/remove", merchantWideOnly, async (c) => {
    const admin = c.get("admin");
    const id = c.req.param("id");
    const location = UUID.test(id) ? await store.getLocation(admin.merchantId, id) : null;
    if (!location) return c.notFound();
    if (!confirmed(await form(c)))
      return askFirst(c, {
        section: "locations",
        title: tr.t("locations.remove.title", { name: location.name }),
        body: tr.t("locations.remove.body"),
        action: `/admin/locations/${id}/remove`,
        confirmLabel: tr.t("locations.remove.yes"),
        back: "/admin/locations",
      });
    const removal = await store.removeLocation(admin.merchantId, id, services.now());
    if (removal.removed) {
      await recordAudit(services, adminActor(admin), "location.removed", id, {
        name: location.name,
      });
      return c.redirect("/admin/locations?notice=removed", 303);
    }
    if (removal.reason === "not-found") return c.notFound();
    const refused = tr.plural("locations.remove.paired", removal.devices, {
      count: removal.devices,
      name: location.name,
    });
    return locationsPage(c, undefined, undefined, refused);
  });

  return app;
}
