import { Hono } from "hono";
import { type AdminEnv, requireAdmin } from "../admin/admin-session";
import { BusinessPage } from "../admin/pages/business-page";
import { parseBusinessDetails } from "../merchants/business-details";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import { field, forgery, form, notice, tr } from "./admin-kit";

/**
 * `/admin/business`: the merchant's phone, website and address, shown to customers on every pass
 * (a change re-issues and pushes them), web card and join page.
 */
export function adminBusinessRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  return new Hono<AdminEnv>()
    .use("/business", requireAdmin(services, forgery))
    .get("/business", async (c) => {
      const admin = c.get("admin");
      const details = await store.getBusinessDetails(admin.merchantId);
      if (!details) return c.notFound();
      return sendPage(
        c,
        <BusinessPage
          tr={tr}
          admin={admin}
          notice={notice(c)}
          values={{
            phone: details.phone ?? "",
            website: details.website ?? "",
            address: details.address ?? "",
          }}
        />,
      );
    })
    .post("/business", async (c) => {
      const admin = c.get("admin");
      const fields = await form(c);
      const typed = {
        phone: field(fields, "phone"),
        website: field(fields, "website"),
        address: field(fields, "address"),
      };
      const parsed = parseBusinessDetails(typed);
      if (!parsed.ok)
        return sendPage(
          c,
          <BusinessPage tr={tr} admin={admin} values={typed} errors={parsed.errors} />,
          422,
        );
      if (!(await store.setBusinessDetails(admin.merchantId, parsed.details, services.now())))
        return c.notFound();
      return c.redirect("/admin/business?notice=business", 303);
    });
}
