import { type Context, Hono } from "hono";
import QRCode from "qrcode";
import { atWorkedLocations, worksAt } from "../admin/admin-scope";
import type { AdminEnv } from "../admin/admin-session";
import { DevicesPage } from "../admin/pages/devices-page";
import { adminActor, recordAudit } from "../audit/audit-log";
import { createPairingCode } from "../devices/create-pairing-code";
import { displayPairingCode } from "../devices/pairing-code";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import { MAX_OPEN_PAIRING_CODES_PER_LOCATION } from "../storage/stored-bounds";
import { askFirst, confirmed, field, form, notice, shownLocations, tr, UUID } from "./admin-kit";

/** `/admin/devices`: pairing codes for new tills, the list of paired ones, unpairing (confirmed). */
export function adminDeviceRoutes(services: AppServices, kioskUrl: string): Hono<AdminEnv> {
  const { store } = services;
  const app = new Hono<AdminEnv>();

  const devicesPage = async (
    c: Context<AdminEnv>,
    pairing?: { code: string; expiresAt: number; locationName: string },
    refused?: { problem: string },
  ) => {
    const admin = c.get("admin");
    const [devices, locations] = await Promise.all([
      store.listDevices(admin.merchantId),
      shownLocations(store, admin),
    ]);
    const qr =
      pairing &&
      (await QRCode.toString(`${kioskUrl}?pair=${pairing.code}`, {
        type: "svg",
        margin: 1,
        errorCorrectionLevel: "M",
      }));
    return sendPage(
      c,
      <DevicesPage
        tr={tr}
        admin={admin}
        devices={atWorkedLocations(admin, devices, (d) => d.locationId)}
        locations={locations}
        kioskUrl={kioskUrl}
        now={services.now()}
        maxClockDriftMs={services.devicePolicy.maxAheadMs}
        notice={notice(c)}
        problem={refused?.problem}
        pairing={
          pairing && qr
            ? {
                display: displayPairingCode(pairing.code),
                qrSvg: qr,
                expiresAt: pairing.expiresAt,
                locationName: pairing.locationName,
              }
            : undefined
        }
      />,
      refused ? 409 : 200,
    );
  };
  app.get("/devices", (c) => devicesPage(c));

  app.post("/devices/pairing-codes", async (c) => {
    const admin = c.get("admin");
    const locationId = field(await form(c), "locationId");
    const location = (await shownLocations(store, admin)).find((l) => l.id === locationId);
    if (!location) return c.notFound();
    const created = await createPairingCode(services, { merchantId: admin.merchantId, locationId });
    if (!created.ok)
      return devicesPage(c, undefined, {
        problem: tr.t("devices.pair.tooMany", { max: MAX_OPEN_PAIRING_CODES_PER_LOCATION }),
      });
    await recordAudit(services, adminActor(admin), "device.pairing-code", locationId, {
      location: location.name,
    });
    return devicesPage(c, {
      code: created.code,
      expiresAt: created.expiresAt,
      locationName: location.name,
    });
  });

  app.post("/devices/:id/revoke", async (c) => {
    const admin = c.get("admin");
    const id = c.req.param("id");
    const device = UUID.test(id)
      ? (await store.listDevices(admin.merchantId)).find(
          (d) => d.id === id && d.revokedAt === null && worksAt(admin, d.locationId),
        )
      : undefined;
    if (!device) return c.notFound();
    if (!confirmed(await form(c)))
      return askFirst(c, {
        section: "devices",
        title: tr.t("devices.confirm.title", { name: device.name }),
        body: tr.t("devices.confirm.body"),
        action: `/admin/devices/${id}/revoke`,
        confirmLabel: tr.t("devices.confirm.yes"),
        back: "/admin/devices",
      });
    if (!(await store.revokeDevice(admin.merchantId, id, services.now()))) return c.notFound();
    await recordAudit(services, adminActor(admin), "device.revoked", id);
    return c.redirect("/admin/devices?notice=revoked", 303);
  });

  return app;
}
