import { type CampaignEmailRow, campaignEmailOf, profileWithoutEmail } from "../campaign-rows";
import type { CampaignEmailOutbox } from "../campaign-store";
import type { PgContext } from "./pg-context";

/** The campaign e-mail outbox on PostgreSQL: instances claim different e-mails (SKIP LOCKED). */
export function pgCampaignEmails({ query, transaction }: PgContext): CampaignEmailOutbox {
  return {
    async claimCampaignEmails(now, leaseMs, limit) {
      const rows = await query<CampaignEmailRow>(
        "campaign-emails-claim",
        `WITH claimed AS (
           UPDATE campaign_recipients r SET email_due_at = $1, email_attempts = email_attempts + 1
           FROM (SELECT campaign_id, card_id FROM campaign_recipients
             WHERE email_status = 'pending' AND email_due_at <= $2 ORDER BY email_due_at LIMIT $3
             FOR UPDATE SKIP LOCKED) due
           WHERE r.campaign_id = due.campaign_id AND r.card_id = due.card_id
           RETURNING r.campaign_id, r.card_id, r.email_attempts)
         SELECT claimed.campaign_id, claimed.card_id, c.merchant_id, c.program_id, c.message,
           k.profile, claimed.email_attempts
         FROM claimed JOIN campaigns c ON c.id = claimed.campaign_id
         JOIN cards k ON k.id = claimed.card_id`,
        [now + leaseMs, now, limit],
      );
      return rows.map(campaignEmailOf);
    },

    async finishCampaignEmails(results) {
      if (results.length === 0) return;
      await query(
        "campaign-emails-finish",
        `UPDATE campaign_recipients r SET email_status = done.status, email_due_at = done.due_at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
           AS done(campaign_id, card_id, status, due_at)
         WHERE r.campaign_id = done.campaign_id AND r.card_id = done.card_id
           AND r.email_status = 'pending'`,
        [
          results.map((r) => r.campaignId),
          results.map((r) => r.cardId),
          results.map((r) => (r.status === "retry" ? "pending" : r.status)),
          results.map((r) => (r.status === "retry" ? r.dueAt : 0)),
        ],
      );
    },

    async stopCampaignEmails(cardId, now) {
      return transaction(async (tx) => {
        const [card] = await tx.query<{ profile: string | null }>(
          "campaign-emails-stop-card",
          "SELECT profile FROM cards WHERE id = $1 FOR UPDATE",
          [cardId],
        );
        if (!card) return false;
        const profile = card.profile === null ? null : (JSON.parse(card.profile) as object);
        if (profile !== null && "emailOptInAt" in profile)
          await tx.query(
            "campaign-emails-stop-profile",
            "UPDATE cards SET profile = $1 WHERE id = $2",
            [profileWithoutEmail(card.profile, now), cardId],
          );
        await tx.query(
          "campaign-emails-stop-pending",
          `UPDATE campaign_recipients SET email_status = 'skipped'
           WHERE card_id = $1 AND email_status = 'pending'`,
          [cardId],
        );
        return true;
      });
    },
  };
}
