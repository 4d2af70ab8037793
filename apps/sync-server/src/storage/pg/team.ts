import { and, asc, count, desc, eq, gt, isNull, ne } from "drizzle-orm";
import { claimLink, keepNewestLinks, PASSWORD_RESETS, pgParam } from "../one-time-links";
import { MAX_OPEN_INVITATIONS_PER_MERCHANT } from "../stored-bounds";
import type { TeamChange, TeamStore } from "../team-store";
import type { PgContext, PgTx } from "./pg-context";
import * as t from "./schema";

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

/**
 * Teams, invitations and password resets on PostgreSQL. A change that counts the merchant's
 * owners or invitations holds the merchant's row first, so two at once take turns: two owners
 * demoting each other cannot leave the merchant with none.
 */
export function pgTeam({ db, transaction, holdRow }: PgContext): TeamStore {
  const open = (now: number) =>
    and(isNull(t.adminInvitations.acceptedAt), gt(t.adminInvitations.expiresAt, now));
  /** The account, and whether the merchant keeps an owner besides it; the merchant held. */
  const accountOf = async (tx: PgTx, merchantId: string, userId: string) => {
    await holdRow(tx, "merchants", merchantId);
    const [user] = await tx.db
      .select()
      .from(t.adminUsers)
      .where(and(eq(t.adminUsers.id, userId), eq(t.adminUsers.merchantId, merchantId)));
    const [others] = await tx.db
      .select({ n: count() })
      .from(t.adminUsers)
      .where(
        and(
          eq(t.adminUsers.merchantId, merchantId),
          eq(t.adminUsers.role, "owner"),
          ne(t.adminUsers.id, userId),
        ),
      );
    return { user, otherOwner: (others?.n ?? 0) > 0 };
  };
  return {
    async listAdmins(merchantId) {
      return db
        .select()
        .from(t.adminUsers)
        .where(eq(t.adminUsers.merchantId, merchantId))
        .orderBy(asc(t.adminUsers.email));
    },

    async setAdminRole(merchantId, userId, role) {
      return transaction(async (tx): Promise<TeamChange> => {
        const { user, otherOwner } = await accountOf(tx, merchantId, userId);
        if (!user) return "unknown";
        if (user.role === "owner" && role !== "owner" && !otherOwner) return "last-owner";
        await tx.db.update(t.adminUsers).set({ role }).where(eq(t.adminUsers.id, userId));
        return "changed";
      });
    },

    async removeAdmin(merchantId, userId) {
      return transaction(async (tx): Promise<TeamChange> => {
        const { user, otherOwner } = await accountOf(tx, merchantId, userId);
        if (!user) return "unknown";
        if (user.role === "owner" && !otherOwner) return "last-owner";
        await tx.db.delete(t.adminSessions).where(eq(t.adminSessions.userId, userId));
        await tx.db.delete(t.adminPasswordResets).where(eq(t.adminPasswordResets.userId, userId));
        await tx.db.delete(t.adminUsers).where(eq(t.adminUsers.id, userId));
        return "changed";
      });
    },

    async createInvitation(invitation) {
      return transaction(async (tx) => {
        const { merchantId, email, createdAt } = invitation;
        await holdRow(tx, "merchants", merchantId);
        await tx.db
          .delete(t.adminInvitations)
          .where(
            and(
              eq(t.adminInvitations.merchantId, merchantId),
              eq(t.adminInvitations.email, email),
              isNull(t.adminInvitations.acceptedAt),
            ),
          );
        const [waiting] = await tx.db
          .select({ n: count() })
          .from(t.adminInvitations)
          .where(and(eq(t.adminInvitations.merchantId, merchantId), open(createdAt)));
        if ((waiting?.n ?? 0) >= MAX_OPEN_INVITATIONS_PER_MERCHANT) return false;
        await tx.db.insert(t.adminInvitations).values({ ...invitation, acceptedAt: null });
        return true;
      });
    },

    async listInvitations(merchantId, now) {
      return db
        .select(INVITATION_COLUMNS)
        .from(t.adminInvitations)
        .where(and(eq(t.adminInvitations.merchantId, merchantId), open(now)))
        .orderBy(desc(t.adminInvitations.createdAt));
    },

    async findInvitation(tokenHash, now) {
      const [row] = await db
        .select(INVITATION_COLUMNS)
        .from(t.adminInvitations)
        .where(and(eq(t.adminInvitations.tokenHash, tokenHash), open(now)));
      return row ?? null;
    },

    async revokeInvitation(merchantId, tokenHash) {
      const removed = await db
        .delete(t.adminInvitations)
        .where(
          and(
            eq(t.adminInvitations.tokenHash, tokenHash),
            eq(t.adminInvitations.merchantId, merchantId),
            isNull(t.adminInvitations.acceptedAt),
          ),
        )
        .returning({ tokenHash: t.adminInvitations.tokenHash });
      return removed.length > 0;
    },

    async acceptInvitation(tokenHash, { id, passwordHash }, now) {
      return transaction(async (tx) => {
        // The claim first: of two acceptances at once, one updates the row, the other waits
        // for it and then finds it accepted.
        const [invitation] = await tx.db
          .update(t.adminInvitations)
          .set({ acceptedAt: now })
          .where(and(eq(t.adminInvitations.tokenHash, tokenHash), open(now)))
          .returning(INVITATION_COLUMNS);
        if (!invitation) return { ok: false as const, reason: "unknown" as const };
        const inserted = await tx.db
          .insert(t.adminUsers)
          .values({
            id,
            merchantId: invitation.merchantId,
            email: invitation.email,
            passwordHash,
            createdAt: now,
            role: invitation.role,
            locale: invitation.locale,
          })
          .onConflictDoNothing({ target: t.adminUsers.email })
          .returning();
        const user = inserted[0];
        if (!user) {
          // The e-mail has an account meanwhile: the claim is undone, the invitation stays open.
          await tx.db
            .update(t.adminInvitations)
            .set({ acceptedAt: null })
            .where(eq(t.adminInvitations.tokenHash, tokenHash));
          return { ok: false as const, reason: "email-taken" as const };
        }
        return { ok: true as const, user };
      });
    },

    async createPasswordReset(reset) {
      await transaction(async (tx) => {
        await holdRow(tx, "admin_users", reset.userId);
        await tx.db.insert(t.adminPasswordResets).values({ ...reset, usedAt: null });
        await tx.query("resets-bound", ...keepNewestLinks(PASSWORD_RESETS, pgParam, reset.userId));
      });
    },

    async claimPasswordReset(tokenHash, passwordHash, now) {
      return transaction(async (tx) => {
        const [claimed] = await tx.query<{ owner: string }>(
          "reset-claim",
          ...claimLink(PASSWORD_RESETS, pgParam, tokenHash, now),
        );
        if (!claimed) return null;
        const userId = claimed.owner;
        await tx.db.delete(t.adminSessions).where(eq(t.adminSessions.userId, userId));
        await tx.db
          .update(t.adminPasswordResets)
          .set({ usedAt: now })
          .where(
            and(eq(t.adminPasswordResets.userId, userId), isNull(t.adminPasswordResets.usedAt)),
          );
        const [user] = await tx.db
          .update(t.adminUsers)
          .set({ passwordHash })
          .where(eq(t.adminUsers.id, userId))
          .returning();
        return user ?? null;
      });
    },
  };
}
