import { randomUUID } from "node:crypto";
import type { Admin } from "../admin/admin-session";
import type { Principal } from "../http/authenticate";
import type { Services } from "../services";

/**
 * Every admin action the audit log records: one list for the routes that record them, the admin
 * page's filter and the API's `action` query.
 */
export const AUDIT_ACTIONS = [
  "program.created",
  "program.updated",
  "location.created",
  "location.renamed",
  "location.removed",
  "location.pin-changed",
  "location.sync-scope",
  "location.region",
  "region.created",
  "region.renamed",
  "region.deleted",
  "location.coordinates",
  "device.pairing-code",
  "device.revoked",
  "card.blocked",
  "card.unblocked",
  "card.stamp-undone",
  "card.stamps-added",
  "card.restore-link-sent",
  "voucher.redeemed",
  "api-key.created",
  "api-key.revoked",
  "webhook.created",
  "webhook.deleted",
  "export.customers",
  "export.events",
  "customer.exported",
  "customer.erased",
  "team.invited",
  "team.invitation-withdrawn",
  "team.role-changed",
  "team.removed",
  "team.locations-changed",
  "staff.added",
  "staff.updated",
  "staff.pin-set",
  "staff.removed",
  "staff.sign-in",
  "fraud.confirmed",
  "fraud.dismissed",
  "fraud.settings-changed",
  "fraud.hours-changed",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(text: string): text is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(text);
}

/** Who acted: an admin account, or an API key (an integration). */
export interface Actor {
  readonly merchantId: string;
  readonly id: string;
  readonly label: string;
}

export function adminActor(admin: Admin): Actor {
  return { merchantId: admin.merchantId, id: admin.userId, label: admin.email };
}

/** The API key behind a request (devices make events, not admin actions). */
export function apiKeyActor(principal: Principal): Actor {
  if (principal.kind !== "api-key") throw new Error("only API keys act in the audit log's sense");
  const { key } = principal;
  return { merchantId: key.merchantId, id: key.id, label: `API key ${key.name} (${key.prefix}…)` };
}

/**
 * Records that `actor` did `action` (to `target`, with `detail`), after the change it records was
 * made. The one way routes write the audit log.
 */
export async function recordAudit(
  services: Services,
  actor: Actor,
  action: AuditAction,
  target: string | null = null,
  detail: Readonly<Record<string, string | number | boolean | null>> | null = null,
): Promise<void> {
  await services.store.appendAudit({
    id: randomUUID(),
    merchantId: actor.merchantId,
    at: services.now(),
    actorId: actor.id,
    actorLabel: actor.label,
    action,
    target,
    detail: detail === null ? null : JSON.stringify(detail),
  });
}
