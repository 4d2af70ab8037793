import { and, eq, gt } from "drizzle-orm";
import * as t from "../schema";
import type { AdminStore } from "../store";
import { MAX_SESSIONS_PER_ADMIN } from "../stored-bounds";
import type { SqliteContext } from "./sqlite-context";

/** Admin accounts and their sessions on SQLite. */
export function sqliteAdmins({ db, client, write }: SqliteContext): AdminStore {
  return {
    async createAdmin(user) {
      db.insert(t.adminUsers).values(user).run();
    },

    async setAdminPassword(email, passwordHash) {
      return write(() => {
        const user = db.select().from(t.adminUsers).where(eq(t.adminUsers.email, email)).get();
        if (!user) return false;
        db.update(t.adminUsers).set({ passwordHash }).where(eq(t.adminUsers.id, user.id)).run();
        // A new password ends every open session of that account.
        db.delete(t.adminSessions).where(eq(t.adminSessions.userId, user.id)).run();
        return true;
      });
    },

    async findAdminByEmail(email) {
      return db.select().from(t.adminUsers).where(eq(t.adminUsers.email, email)).get() ?? null;
    },

    async setAdminLocale(userId, locale) {
      const changed = db
        .update(t.adminUsers)
        .set({ locale })
        .where(eq(t.adminUsers.id, userId))
        .run();
      return changed.changes > 0;
    },

    async adminEmails(merchantId) {
      return db
        .select({ email: t.adminUsers.email, locale: t.adminUsers.locale })
        .from(t.adminUsers)
        .where(and(eq(t.adminUsers.merchantId, merchantId), eq(t.adminUsers.role, "owner")))
        .orderBy(t.adminUsers.email)
        .all();
    },

    async createSession(session) {
      write(() => {
        db.insert(t.adminSessions).values(session).run();
        client
          .prepare(
            `DELETE FROM admin_sessions WHERE user_id = ? AND (expires_at <= ? OR id NOT IN (
               SELECT id FROM admin_sessions WHERE user_id = ?
               ORDER BY created_at DESC, rowid DESC LIMIT ?))`,
          )
          .run(session.userId, session.createdAt, session.userId, MAX_SESSIONS_PER_ADMIN);
      });
    },

    async findSession(id, now) {
      const row = db
        .select()
        .from(t.adminSessions)
        .innerJoin(t.adminUsers, eq(t.adminSessions.userId, t.adminUsers.id))
        .where(and(eq(t.adminSessions.id, id), gt(t.adminSessions.expiresAt, now)))
        .get();
      return row ? { ...row.admin_sessions, user: row.admin_users } : null;
    },

    async deleteSession(id) {
      db.delete(t.adminSessions).where(eq(t.adminSessions.id, id)).run();
    },
  };
}
