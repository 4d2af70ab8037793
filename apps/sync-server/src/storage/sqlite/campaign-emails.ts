import { type CampaignEmailRow, campaignEmailOf, profileWithoutEmail } from "../campaign-rows";
import type { CampaignEmailOutbox } from "../campaign-store";
import type { SqliteContext } from "./sqlite-context";

/** The campaign e-mail outbox on SQLite (one writer: a claim is one statement). */
export function sqliteCampaignEmails({ client, write }: SqliteContext): CampaignEmailOutbox {
  const claim = client.prepare<
    [number, number, number, number],
    { campaign_id: string; card_id: string }
  >(
    `UPDATE campaign_recipients SET email_due_at = ?, email_attempts = email_attempts + 1
     WHERE rowid IN (SELECT rowid FROM campaign_recipients
       WHERE email_status = 'pending' AND email_due_at <= ? ORDER BY email_due_at LIMIT ?)
       AND email_due_at <= ?
     RETURNING campaign_id, card_id`,
  );
  const read = client.prepare<[string, string], CampaignEmailRow>(
    `SELECT r.campaign_id, r.card_id, c.merchant_id, c.program_id, c.message, k.profile,
       r.email_attempts
     FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
     JOIN cards k ON k.id = r.card_id WHERE r.campaign_id = ? AND r.card_id = ?`,
  );
  const finish = client.prepare<[string, number, string, string]>(
    `UPDATE campaign_recipients SET email_status = ?, email_due_at = ?
     WHERE campaign_id = ? AND card_id = ? AND email_status = 'pending'`,
  );
  return {
    async claimCampaignEmails(now, leaseMs, limit) {
      return write(() =>
        claim
          .all(now + leaseMs, now, limit, now)
          .flatMap((row) => read.all(row.campaign_id, row.card_id).map(campaignEmailOf)),
      );
    },

    async finishCampaignEmails(results) {
      write(() => {
        for (const result of results)
          finish.run(
            result.status === "retry" ? "pending" : result.status,
            result.status === "retry" ? result.dueAt : 0,
            result.campaignId,
            result.cardId,
          );
      });
    },

    async stopCampaignEmails(cardId, now) {
      return write(() => {
        const card = client
          .prepare<[string], { profile: string | null }>("SELECT profile FROM cards WHERE id = ?")
          .get(cardId);
        if (!card) return false;
        const profile = card.profile === null ? null : (JSON.parse(card.profile) as object);
        if (profile !== null && "emailOptInAt" in profile)
          client
            .prepare("UPDATE cards SET profile = ? WHERE id = ?")
            .run(profileWithoutEmail(card.profile, now), cardId);
        client
          .prepare(
            `UPDATE campaign_recipients SET email_status = 'skipped'
             WHERE card_id = ? AND email_status = 'pending'`,
          )
          .run(cardId);
        return true;
      });
    },
  };
}
