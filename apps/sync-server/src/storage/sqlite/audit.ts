import { desc } from "drizzle-orm";
import type { AuditStore } from "../audit-store";
import { auditWhere } from "../audit-where";
import * as t from "../schema";
import type { SqliteContext } from "./sqlite-context";

/** The audit log on SQLite. */
export function sqliteAudit({ db }: SqliteContext): AuditStore {
  return {
    async appendAudit(entry) {
      db.insert(t.auditLog).values(entry).run();
    },

    async listAudit(merchantId, filter, cursor, limit) {
      return db
        .select()
        .from(t.auditLog)
        .where(auditWhere(t.auditLog, merchantId, filter, cursor))
        .orderBy(desc(t.auditLog.at), desc(t.auditLog.id))
        .limit(limit)
        .all();
    },
  };
}
