import type { Translator } from "../i18n/translate";
import { randomToken, sha256 } from "../secrets/random-token";
import type { AppServices } from "../services";
import type { JoinProgram } from "../storage/wallet-store";

/** How long a restore link works (once). */
export const RESTORE_LINK_TTL_MS = 30 * 60_000;

/**
 * Mails `to` a one-time link that opens `cardId` again on a new phone (valid 30 minutes): what
 * the join page's "Already have a card?" sends, and what the admin sends from a customer's page.
 */
export async function sendRestoreLink(
  services: Pick<AppServices, "store" | "mailer" | "now" | "publicUrl">,
  found: JoinProgram,
  m: Translator,
  cardId: string,
  to: string,
): Promise<void> {
  const token = randomToken(32);
  const now = services.now();
  await services.store.createRestoreLink({
    tokenHash: sha256(token),
    merchantId: found.program.merchantId,
    cardId,
    createdAt: now,
    expiresAt: now + RESTORE_LINK_TTL_MS,
  });
  const link = `${services.publicUrl}/join/${found.slug}/restore/${token}?lang=${m.locale}`;
  await services.mailer.send({
    to,
    subject: m.t("restore.mail.subject", { merchant: found.merchantName }),
    text: m.t("restore.mail.body", {
      merchant: found.merchantName,
      program: found.program.name,
      link,
    }),
  });
}
