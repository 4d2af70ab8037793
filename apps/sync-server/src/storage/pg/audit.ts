import { desc } from "drizzle-orm";
import type { AuditStore } from "../audit-store";
import { auditWhere } from "../audit-where";
import type { PgContext } from "./pg-context";
import * as t from "./schema";

/** The audit log on PostgreSQL. */
export function pgAudit({ db }: PgContext): AuditStore {
  return {
    async appendAudit(entry) {
      await db.insert(t.auditLog).values(entry);
    },

    async listAudit(merchantId, filter, cursor, limit) {
      return db
        .select()
        .from(t.auditLog)
        .where(auditWhere(t.auditLog, merchantId, filter, cursor))
        .orderBy(desc(t.auditLog.at), desc(t.auditLog.id))
        .limit(limit);
    },
  };
}
