import { and, eq, gt } from "drizzle-orm";
import type { AdminStore } from "../store";
import { MAX_SESSIONS_PER_ADMIN } from "../stored-bounds";
import type { PgContext } from "./pg-context";
import * as t from "./schema";

/** Admin accounts and their sessions on PostgreSQL. */
export function pgAdmins({ db, transaction, holdRow }: PgContext): AdminStore {
  return {
    async createAdmin(user) {
      await db.insert(t.adminUsers).values(user);
    },

    async setAdminPassword(email, passwordHash) {
      return transaction(async ({ db: tx }) => {
        const [user] = await tx.select().from(t.adminUsers).where(eq(t.adminUsers.email, email));
        if (!user) return false;
        await tx.update(t.adminUsers).set({ passwordHash }).where(eq(t.adminUsers.id, user.id));
        // A new password ends every open session of that account.
        await tx.delete(t.adminSessions).where(eq(t.adminSessions.userId, user.id));
        return true;
      });
    },

    async findAdminByEmail(email) {
      const [row] = await db.select().from(t.adminUsers).where(eq(t.adminUsers.email, email));
      return row ?? null;
    },

    async setAdminLocale(userId, locale) {
      const changed = await db
        .update(t.adminUsers)
        .set({ locale })
        .where(eq(t.adminUsers.id, userId))
        .returning({ id: t.adminUsers.id });
      return changed.length > 0;
    },

    async adminEmails(merchantId) {
      return db
        .select({ email: t.adminUsers.email, locale: t.adminUsers.locale })
        .from(t.adminUsers)
        .where(and(eq(t.adminUsers.merchantId, merchantId), eq(t.adminUsers.role, "owner")))
        .orderBy(t.adminUsers.email);
    },

    async createSession(session) {
      await transaction(async (tx) => {
        await holdRow(tx, "admin_users", session.userId);
        await tx.db.insert(t.adminSessions).values(session);
        await tx.query(
          "sessions-bound",
          `DELETE FROM admin_sessions WHERE user_id = $1 AND (expires_at <= $2 OR id NOT IN (
             SELECT id FROM admin_sessions WHERE user_id = $1
             ORDER BY created_at DESC, id DESC LIMIT $3))`,
          [session.userId, session.createdAt, MAX_SESSIONS_PER_ADMIN],
        );
      });
    },

    async findSession(id, now) {
      const [row] = await db
        .select()
        .from(t.adminSessions)
        .innerJoin(t.adminUsers, eq(t.adminSessions.userId, t.adminUsers.id))
        .where(and(eq(t.adminSessions.id, id), gt(t.adminSessions.expiresAt, now)));
      return row ? { ...row.admin_sessions, user: row.admin_users } : null;
    },

    async deleteSession(id) {
      await db.delete(t.adminSessions).where(eq(t.adminSessions.id, id));
    },
  };
}
