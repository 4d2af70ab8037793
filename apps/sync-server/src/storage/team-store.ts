import type { AdminRole } from "../admin/admin-role";
import type { Locale } from "../i18n/locales";
import type { AdminUserRecord } from "./store";

/** A merchant's admin accounts: who is on the team, invitations to join, password resets. */
export interface TeamStore {
  /** The merchant's accounts, by e-mail. */
  listAdmins(merchantId: string): Promise<AdminUserRecord[]>;
  /**
   * Changes an account's role. Refused when that would leave the merchant without an owner
   * (`last-owner`); `unknown` when the merchant has no such account. Its sessions stay: the
   * role is read with every request.
   */
  setAdminRole(merchantId: string, userId: string, role: AdminRole): Promise<TeamChange>;
  /** Removes an account and ends its sessions; refused for the last owner. */
  removeAdmin(merchantId: string, userId: string): Promise<TeamChange>;
  /**
   * Keeps an invitation, unless MAX_OPEN_INVITATIONS_PER_MERCHANT are waiting (false). An open
   * invitation to the same e-mail is replaced: the newest link is the one that works.
   */
  createInvitation(invitation: InvitationRecord): Promise<boolean>;
  /** The merchant's invitations not accepted and not expired at `now`, newest first. */
  listInvitations(merchantId: string, now: number): Promise<InvitationRecord[]>;
  /** The invitation a link names, if still open at `now`. */
  findInvitation(tokenHash: string, now: number): Promise<InvitationRecord | null>;
  revokeInvitation(merchantId: string, tokenHash: string): Promise<boolean>;
  /**
   * Accepts an open invitation once, atomically: the account is made with the invitation's
   * merchant, e-mail and role. `unknown`: no open invitation (used, expired, revoked);
   * `email-taken`: an account with that e-mail exists meanwhile (the invitation stays open).
   */
  acceptInvitation(
    tokenHash: string,
    account: { readonly id: string; readonly passwordHash: string },
    now: number,
  ): Promise<
    | { readonly ok: true; readonly user: AdminUserRecord }
    | { readonly ok: false; readonly reason: "unknown" | "email-taken" }
  >;
  /** Keeps a reset link; the account's oldest beyond MAX_OPEN_RESETS_PER_ADMIN go. */
  createPasswordReset(reset: PasswordResetRecord): Promise<void>;
  /**
   * Uses a reset link once, atomically, before it expires: the account gets the new password,
   * every open session of it ends and every other reset link of it is used up. The account, or
   * null when the link is unknown, used or expired.
   */
  claimPasswordReset(
    tokenHash: string,
    passwordHash: string,
    now: number,
  ): Promise<AdminUserRecord | null>;
}

export type TeamChange = "changed" | "unknown" | "last-owner";

export interface InvitationRecord {
  readonly tokenHash: string;
  readonly merchantId: string;
  readonly email: string;
  readonly role: AdminRole;
  readonly invitedBy: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** The invitee's language, chosen by who invited them; null: their browser's. */
  readonly locale: Locale | null;
}

export interface PasswordResetRecord {
  readonly tokenHash: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}
