import * as v from "valibot";
import { rangeBound } from "../exports/export-range";
import type { AuditCursor, AuditEntry, AuditFilter } from "../storage/audit-store";
import { AUDIT_ACTIONS } from "./audit-log";

export const AUDIT_PAGE = 50;

/** `GET /api/v1/audit` and `/admin/audit` take the same query. */
export const AuditQuery = v.strictObject({
  actor: v.optional(v.pipe(v.string(), v.maxLength(100, "is too long"))),
  action: v.optional(v.picklist(AUDIT_ACTIONS, "must be one of the audit actions")),
  from: v.optional(v.pipe(v.string(), v.maxLength(40, "is too long"))),
  to: v.optional(v.pipe(v.string(), v.maxLength(40, "is too long"))),
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[0-9]{1,16}\.[0-9a-f-]{36}$/, "must be a cursor from an earlier answer"),
    ),
  ),
});

export type AuditSearch =
  | { readonly ok: true; readonly filter: AuditFilter; readonly cursor: AuditCursor | null }
  | { readonly ok: false; readonly problem: string };

/**
 * Reads the query: empty fields are left out (a form sends them), `from`/`to` are days (UTC, both
 * included) or instants with offsets, as in the events export.
 */
export function auditSearch(query: Record<string, string>): AuditSearch {
  const given = Object.fromEntries(
    Object.entries(query).filter(([, value]) => value.trim() !== ""),
  );
  const parsed = v.safeParse(AuditQuery, given);
  if (!parsed.success)
    return {
      ok: false,
      problem: parsed.issues.map((i) => `${v.getDotPath(i) ?? "query"} ${i.message}`).join("; "),
    };
  const { actor, action, from, to, cursor } = parsed.output;
  const fromMs = from === undefined ? undefined : rangeBound(from, false);
  const toMs = to === undefined ? undefined : rangeBound(to, true);
  if (fromMs === null || toMs === null)
    return {
      ok: false,
      problem:
        "from and to must be days like 2026-11-30 or instants like 2026-11-30T18:00:00+01:00",
    };
  const [at, id] = cursor?.split(".") ?? [];
  return {
    ok: true,
    filter: { actor, action, from: fromMs, to: toMs },
    cursor: at && id ? { at: Number(at), id } : null,
  };
}

/** The cursor of the page after `page`, or null when it was the last. */
export function nextAuditCursor(page: readonly AuditEntry[], limit: number): string | null {
  const last = page.at(-1);
  return page.length === limit && last ? `${last.at}.${last.id}` : null;
}
