import { Hono } from "hono";
import type { AdminEnv } from "../admin/admin-session";
import { type AuditForm, AuditPage } from "../admin/pages/audit-page";
import { AUDIT_PAGE, auditSearch, nextAuditCursor } from "../audit/audit-query";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import { tr } from "./admin-kit";

/** `/admin/audit` (owners and managers): the audit log, searched by actor, action and dates, paged. */
export function adminAuditRoutes(services: AppServices): Hono<AdminEnv> {
  return new Hono<AdminEnv>().get("/audit", async (c) => {
    const admin = c.get("admin");
    const query = c.req.query();
    const form: AuditForm = {
      actor: query.actor ?? "",
      action: query.action ?? "",
      from: query.from ?? "",
      to: query.to ?? "",
    };
    const search = auditSearch(query);
    if (!search.ok)
      return sendPage(
        c,
        <AuditPage
          tr={tr}
          admin={admin}
          form={form}
          entries={[]}
          next={null}
          problem={search.problem}
        />,
        400,
      );
    const entries = await services.store.listAudit(
      admin.merchantId,
      search.filter,
      search.cursor,
      AUDIT_PAGE,
    );
    const cursor = nextAuditCursor(entries, AUDIT_PAGE);
    const next =
      cursor === null
        ? null
        : `/admin/audit?${new URLSearchParams({ ...form, cursor }).toString()}`;
    return sendPage(
      c,
      <AuditPage tr={tr} admin={admin} form={form} entries={entries} next={next} />,
    );
  });
}
