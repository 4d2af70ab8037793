import { and, asc, count, desc, eq, gt, isNull, ne } from "drizzle-orm";
import { claimLink, keepNewestLinks, PASSWORD_RESETS, sqliteParam } from "../one-time-links";
import * as t from "../schema";
import { MAX_OPEN_INVITATIONS_PER_MERCHANT } from "../stored-bounds";
import type { TeamChange, TeamStore } from "../team-store";
import type { SqliteContext } from "./sqlite-context";

const INVITATION_COLUMNS = {
  tokenHash: t.adminInvitations.tokenHash,
  merchantId: t.adminInvitations.merchantId,
  email: t.adminInvitations.email,
  role: t.adminInvitations.role,
  invitedBy: t.adminInvitations.invitedBy,
  createdAt: t.adminInvitations.createdAt,
  expiresAt: t.adminInvitations.expiresAt,
  locale: t.adminInvitations.locale,
};

/** Teams, invitations and password resets on SQLite (one process: each write is one transaction). */
export function sqliteTeam({ db, client, write }: SqliteContext): TeamStore {
  const open = (now: number) =>
    and(isNull(t.adminInvitations.acceptedAt), gt(t.adminInvitations.expiresAt, now));
  const account = (merchantId: string, userId: string) =>
    db
      .select()
      .from(t.adminUsers)
      .where(and(eq(t.adminUsers.id, userId), eq(t.adminUsers.merchantId, merchantId)))
      .get();
  /** Whether the merchant keeps an owner besides `userId`. */
  const otherOwner = (merchantId: string, userId: string) =>
    (db
      .select({ n: count() })
      .from(t.adminUsers)
      .where(
        and(
          eq(t.adminUsers.merchantId, merchantId),
          eq(t.adminUsers.role, "owner"),
          ne(t.adminUsers.id, userId),
        ),
      )
      .get()?.n ?? 0) > 0;
  return {
    async listAdmins(merchantId) {
      return db
        .select()
        .from(t.adminUsers)
        .where(eq(t.adminUsers.merchantId, merchantId))
        .orderBy(asc(t.adminUsers.email))
        .all();
    },

    async setAdminRole(merchantId, userId, role) {
      return write((): TeamChange => {
        const user = account(merchantId, userId);
        if (!user) return "unknown";
        if (user.role === "owner" && role !== "owner" && !otherOwner(merchantId, userId))
          return "last-owner";
        db.update(t.adminUsers).set({ role }).where(eq(t.adminUsers.id, userId)).run();
        return "changed";
      });
    },

    async removeAdmin(merchantId, userId) {
      return write((): TeamChange => {
        const user = account(merchantId, userId);
        if (!user) return "unknown";
        if (user.role === "owner" && !otherOwner(merchantId, userId)) return "last-owner";
        db.delete(t.adminSessions).where(eq(t.adminSessions.userId, userId)).run();
        db.delete(t.adminPasswordResets).where(eq(t.adminPasswordResets.userId, userId)).run();
        db.delete(t.adminUsers).where(eq(t.adminUsers.id, userId)).run();
        return "changed";
      });
    },

    async createInvitation(invitation) {
      return write(() => {
        const { merchantId, email, createdAt } = invitation;
        db.delete(t.adminInvitations)
          .where(
            and(
              eq(t.adminInvitations.merchantId, merchantId),
              eq(t.adminInvitations.email, email),
              isNull(t.adminInvitations.acceptedAt),
            ),
          )
          .run();
        const waiting =
          db
            .select({ n: count() })
            .from(t.adminInvitations)
            .where(and(eq(t.adminInvitations.merchantId, merchantId), open(createdAt)))
            .get()?.n ?? 0;
        if (waiting >= MAX_OPEN_INVITATIONS_PER_MERCHANT) return false;
        db.insert(t.adminInvitations)
          .values({ ...invitation, acceptedAt: null })
          .run();
        return true;
      });
    },

    async listInvitations(merchantId, now) {
      return db
        .select(INVITATION_COLUMNS)
        .from(t.adminInvitations)
        .where(and(eq(t.adminInvitations.merchantId, merchantId), open(now)))
        .orderBy(desc(t.adminInvitations.createdAt))
        .all();
    },

    async findInvitation(tokenHash, now) {
      return (
        db
          .select(INVITATION_COLUMNS)
          .from(t.adminInvitations)
          .where(and(eq(t.adminInvitations.tokenHash, tokenHash), open(now)))
          .get() ?? null
      );
    },

    async revokeInvitation(merchantId, tokenHash) {
      const removed = db
        .delete(t.adminInvitations)
        .where(
          and(
            eq(t.adminInvitations.tokenHash, tokenHash),
            eq(t.adminInvitations.merchantId, merchantId),
            isNull(t.adminInvitations.acceptedAt),
          ),
        )
        .run();
      return removed.changes > 0;
    },

    async acceptInvitation(tokenHash, { id, passwordHash }, now) {
      return write(() => {
        const invitation = db
          .select(INVITATION_COLUMNS)
          .from(t.adminInvitations)
          .where(and(eq(t.adminInvitations.tokenHash, tokenHash), open(now)))
          .get();
        if (!invitation) return { ok: false as const, reason: "unknown" as const };
        const taken = db
          .select({ id: t.adminUsers.id })
          .from(t.adminUsers)
          .where(eq(t.adminUsers.email, invitation.email))
          .get();
        if (taken) return { ok: false as const, reason: "email-taken" as const };
        db.update(t.adminInvitations)
          .set({ acceptedAt: now })
          .where(eq(t.adminInvitations.tokenHash, tokenHash))
          .run();
        const user = {
          id,
          merchantId: invitation.merchantId,
          email: invitation.email,
          passwordHash,
          createdAt: now,
          role: invitation.role,
          locale: invitation.locale,
        };
        db.insert(t.adminUsers).values(user).run();
        return { ok: true as const, user };
      });
    },

    async createPasswordReset(reset) {
      write(() => {
        db.insert(t.adminPasswordResets)
          .values({ ...reset, usedAt: null })
          .run();
        const [text, values] = keepNewestLinks(PASSWORD_RESETS, sqliteParam, reset.userId);
        client.prepare(text).run(...values);
      });
    },

    async claimPasswordReset(tokenHash, passwordHash, now) {
      return write(() => {
        const [text, values] = claimLink(PASSWORD_RESETS, sqliteParam, tokenHash, now);
        const claimed = client.prepare(text).get(...values) as { owner: string } | undefined;
        if (!claimed) return null;
        const userId = claimed.owner;
        db.update(t.adminUsers).set({ passwordHash }).where(eq(t.adminUsers.id, userId)).run();
        db.delete(t.adminSessions).where(eq(t.adminSessions.userId, userId)).run();
        db.update(t.adminPasswordResets)
          .set({ usedAt: now })
          .where(
            and(eq(t.adminPasswordResets.userId, userId), isNull(t.adminPasswordResets.usedAt)),
          )
          .run();
        return db.select().from(t.adminUsers).where(eq(t.adminUsers.id, userId)).get() ?? null;
      });
    },
  };
}
