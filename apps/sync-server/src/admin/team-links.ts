import { randomUUID } from "node:crypto";
import type { Locale } from "../i18n/locales";
import { translator } from "../i18n/translate";
import { randomToken, sha256 } from "../secrets/random-token";
import type { AppServices } from "../services";
import type { AdminRole } from "./admin-role";
import type { Admin } from "./admin-session";
import { MIN_PASSWORD_LENGTH } from "./create-admin";
import type { PasswordHasher } from "./password";

/** An invitation link works for a week: long enough to be seen after a weekend. */
export const INVITATION_TTL_DAYS = 7;
const INVITATION_TTL_MS = INVITATION_TTL_DAYS * 86_400_000;
/** A reset link works for half an hour: it is asked for by someone waiting for it. */
const RESET_TTL_MS = 30 * 60_000;

export type Invitation =
  | {
      readonly ok: true;
      readonly link: string;
      /** "sent", "not-configured" (no SMTP_URL), or why sending failed. */
      readonly mail: "sent" | "not-configured" | { readonly failed: string };
    }
  | { readonly ok: false; readonly reason: "member" | "too-many" };

/** Who is invited: their e-mail, their role and the language of the e-mail and their pages. */
export interface Invitee {
  readonly email: string;
  readonly role: AdminRole;
  readonly locale: Locale;
}

/** Invites someone to the admin's team, by a one-time link e-mailed to them in their language. */
export async function inviteToTeam(
  services: AppServices,
  admin: Admin,
  { email, role, locale }: Invitee,
): Promise<Invitation> {
  if (await services.store.findAdminByEmail(email)) return { ok: false, reason: "member" };
  const token = randomToken(32);
  const now = services.now();
  const expiresAt = now + INVITATION_TTL_MS;
  const kept = await services.store.createInvitation({
    tokenHash: sha256(token),
    merchantId: admin.merchantId,
    email,
    role,
    invitedBy: admin.userId,
    createdAt: now,
    expiresAt,
    locale,
  });
  if (!kept) return { ok: false, reason: "too-many" };
  const link = `${services.publicUrl}/admin/invitation/${token}`;
  if (!services.mailer.configured) return { ok: true, link, mail: "not-configured" };
  const tr = translator(locale);
  try {
    await services.mailer.send({
      to: email,
      subject: tr.t("team.mail.subject", { merchant: admin.merchantName }),
      text: tr.t("team.mail.body", {
        inviter: admin.email,
        merchant: admin.merchantName,
        role: tr.t(`role.${role}`),
        time: tr.dateTime(expiresAt),
        link,
      }),
    });
    return { ok: true, link, mail: "sent" };
  } catch (error) {
    return { ok: true, link, mail: { failed: (error as Error).message } };
  }
}

/**
 * E-mails a reset link to the account of `email`, if there is one, in the account's language
 * (else `asked`, the language of the page it was asked on). Nothing tells the caller whether
 * there was one: the page answers the same either way, before this runs.
 */
export async function sendPasswordReset(
  services: AppServices,
  asked: Locale,
  email: string,
): Promise<void> {
  const user = await services.store.findAdminByEmail(email);
  if (!user) return;
  const tr = translator(user.locale ?? asked);
  const token = randomToken(32);
  const now = services.now();
  const expiresAt = now + RESET_TTL_MS;
  await services.store.createPasswordReset({
    tokenHash: sha256(token),
    userId: user.id,
    createdAt: now,
    expiresAt,
  });
  await services.mailer.send({
    to: user.email,
    subject: tr.t("forgot.mail.subject"),
    text: tr.t("forgot.mail.body", {
      email: user.email,
      time: tr.dateTime(expiresAt),
      link: `${services.publicUrl}/admin/reset/${token}`,
    }),
  });
}

export type PasswordProblem = "tooShort" | "mismatch";

/** A new password as typed twice: its problem, if any. */
export function newPasswordProblem(password: string, confirm: string): PasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) return "tooShort";
  if (password !== confirm) return "mismatch";
  return null;
}

/** A new account's id and password hash, for an accepted invitation. */
export async function newAccount(passwords: PasswordHasher, password: string) {
  return { id: randomUUID(), passwordHash: await passwords.hash(password) };
}
