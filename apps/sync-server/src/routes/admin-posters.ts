import { Resvg } from "@resvg/resvg-js";
import { Hono } from "hono";
import QRCode from "qrcode";
import { type AdminEnv, requireAdmin } from "../admin/admin-session";
import { SVG_CONTENT_SECURITY_POLICY } from "../http/response-headers";
import { chooseLocale, LOCALES } from "../i18n/locales";
import { translator } from "../i18n/translate";
import type { AppServices } from "../services";
import { joinLink } from "../wallet/card-links";
import { joinPosterSvg, POSTER_LAYOUTS, type PosterLayout } from "../wallet/join-poster";
import { passLocales } from "../wallet/program-design";
import { UUID } from "./admin-kit";

const FILE = /^poster\.(svg|png)$/;
/** 150 dpi: sharp enough for an office printer, small enough to mail. */
const PNG_WIDTH: Record<PosterLayout, number> = { a4: 1240, a6: 620 };

const isLayout = (value: string | undefined): value is PosterLayout =>
  (POSTER_LAYOUTS as readonly string[]).includes(value ?? "");

/**
 * `/admin/programs/:id/poster.svg|png?layout=a4|a6&location=<id>&lang=<l>`: the printable join-QR
 * poster of a program (optionally naming one location), for the merchant's admins only.
 */
export function adminPosterRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  return new Hono<AdminEnv>()
    .use(
      "*",
      requireAdmin(services, (c) => c.text("Forbidden", 403)),
    )
    .get("/programs/:id/:file", async (c) => {
      const { merchantId, merchantName } = c.get("admin");
      const id = c.req.param("id");
      const file = FILE.exec(c.req.param("file"));
      const record = file && UUID.test(id) ? await store.getProgram(merchantId, id) : null;
      if (!file || !record) return c.notFound();
      const layout = c.req.query("layout");
      const locationId = c.req.query("location");
      const location =
        locationId && UUID.test(locationId)
          ? await store.getLocation(merchantId, locationId)
          : null;
      const joinUrl = joinLink(services.publicUrl, record.slug);
      const m = translator(
        // Any language the merchant asks for; the program's main one by default.
        chooseLocale(c.req.query("lang"), undefined, [
          ...passLocales(record.program).slice(0, 1),
          ...LOCALES,
        ]),
      );
      const svg = joinPosterSvg({
        m,
        program: record.program,
        merchantName,
        locationName: location?.name ?? null,
        joinUrl,
        qrSvg: await QRCode.toString(joinUrl, {
          type: "svg",
          margin: 0,
          errorCorrectionLevel: "M",
        }),
        logoPng:
          (await services.wallet.passes.uploadedLogo(record.program))?.renditions.logo[2] ?? null,
        layout: isLayout(layout) ? layout : "a4",
      });
      const name = `join-${record.slug}-${isLayout(layout) ? layout : "a4"}`;
      if (file[1] === "svg") {
        return c.body(svg, 200, {
          "content-type": "image/svg+xml; charset=utf-8",
          "content-security-policy": SVG_CONTENT_SECURITY_POLICY,
          "content-disposition": `inline; filename="${name}.svg"`,
          "cache-control": "no-store",
        });
      }
      const png = new Resvg(svg, {
        fitTo: { mode: "width", value: PNG_WIDTH[isLayout(layout) ? layout : "a4"] },
        font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
      })
        .render()
        .asPng();
      return c.body(new Uint8Array(png), 200, {
        "content-type": "image/png",
        "content-disposition": `inline; filename="${name}.png"`,
        "cache-control": "no-store",
      });
    });
}
