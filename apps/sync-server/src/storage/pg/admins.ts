import { and, eq, gt } from "drizzle-orm";
import type { AdminStore } from "../store";
import type { PgContext } from "./pg-context";
import * as t from "./schema";

/** Admin accounts and their sessions on PostgreSQL. */
export function pgAdmins({ db, transaction }: PgContext): AdminStore {
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

    async createSession(session) {
      await db.insert(t.adminSessions).values(session);
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
