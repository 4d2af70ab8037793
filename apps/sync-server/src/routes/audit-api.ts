import { msToIso } from "@stamp/core";
import { Hono } from "hono";
import { AUDIT_PAGE, auditSearch, nextAuditCursor } from "../audit/audit-query";
import { ApiError } from "../http/api-error";
import { type AuthEnv, authenticate, merchantOf } from "../http/authenticate";
import type { Services } from "../services";

/** `GET /api/v1/audit` (API key): the merchant's audit log, newest first, searched and paged. */
export function auditRoutes(services: Services): Hono<AuthEnv> {
  return new Hono<AuthEnv>().get("/", authenticate(services, ["api-key"]), async (c) => {
    const merchantId = merchantOf(c.get("principal"));
    const search = auditSearch(c.req.query());
    if (!search.ok) throw new ApiError("invalid-query", search.problem);
    const page = await services.store.listAudit(
      merchantId,
      search.filter,
      search.cursor,
      AUDIT_PAGE,
    );
    return c.json({
      items: page.map((entry) => ({
        id: entry.id,
        at: msToIso(entry.at),
        actor: { id: entry.actorId, label: entry.actorLabel },
        action: entry.action,
        target: entry.target,
        detail: entry.detail === null ? null : (JSON.parse(entry.detail) as unknown),
      })),
      next: nextAuditCursor(page, AUDIT_PAGE),
    });
  });
}
