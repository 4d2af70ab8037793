import { and, desc, eq, isNull } from "drizzle-orm";
import { campaignSentMessage } from "../../webhooks/webhook-messages";
import {
  AUDIENCE_PAGE,
  type CampaignRow,
  type CandidateRow,
  CLAIMED_COLUMNS,
  campaignOf,
  campaignValues,
  candidateOf,
  claimedOf,
  LISTENED_CARD,
  REPORT_COLUMNS,
  reportOf,
  SENT_COUNTS,
  type SentCounts,
  sentCampaign,
} from "../campaign-rows";
import type { CampaignEmailOutbox, CampaignStore } from "../campaign-store";
import type { PgEventLog } from "./event-log";
import type { PgContext } from "./pg-context";
import * as t from "./schema";
import { sendWebhookMessages } from "./webhook-outbox";

/**
 * The program's next cards after a card id, with whether a wallet listens to each. The passes
 * are bounded by the cursor too: the planner merge-joins them in id order and, told only of the
 * cards' bound, read every pass before the cursor at each step (quadratic over a campaign).
 */
const CANDIDATES = `SELECT c.id, c.program_id, c.merchant_id, c.state, c.profile, c.created_at,
     coalesce((SELECT json_agg(v.body::json ORDER BY v.cycle)
       FROM card_vouchers v WHERE v.card_id = c.id), '[]'::json) AS vouchers,
     (c.state::jsonb ->> 'blocked')::boolean AS blocked, ${LISTENED_CARD} AS listened
   FROM cards c LEFT JOIN wallet_passes p ON p.card_id = c.id AND p.card_id > $3
   WHERE c.merchant_id = $1 AND c.program_id = $2 AND c.id > $3 ORDER BY c.id LIMIT $4`;

type ReportRow = {
  campaign_id: string;
  recipients: string;
  listened: string;
  pushed: string;
  failures: string;
  fetched: string;
  emailed: string;
  email_failed: string;
};

/** Campaigns and their fan-out on PostgreSQL. */
export function pgCampaigns(
  context: PgContext,
  log: PgEventLog,
): Omit<CampaignStore, keyof CampaignEmailOutbox> {
  const { db, query, transaction } = context;
  const withReports = async (rows: CampaignRow[]) => {
    const counted = await query<ReportRow>(
      "campaign-reports",
      `SELECT campaign_id, ${REPORT_COLUMNS} FROM campaign_recipients
       WHERE campaign_id = ANY($1::text[]) GROUP BY campaign_id`,
      [rows.map((row) => row.id)],
    );
    const byId = new Map(counted.map((r) => [r.campaign_id, reportOf(r)]));
    return rows.map((row) => campaignOf(row, byId.get(row.id)));
  };
  return {
    async createCampaign(campaign) {
      const inserted = await db
        .insert(t.campaigns)
        .values(campaignValues(campaign))
        .onConflictDoNothing()
        .returning({ id: t.campaigns.id });
      return inserted.length === 1;
    },

    async listCampaigns(merchantId, limit) {
      const rows = await db
        .select()
        .from(t.campaigns)
        .where(and(eq(t.campaigns.merchantId, merchantId), isNull(t.campaigns.automationId)))
        .orderBy(desc(t.campaigns.createdAt), desc(t.campaigns.id))
        .limit(limit);
      return withReports(rows);
    },

    async getCampaign(merchantId, campaignId) {
      const rows = await db
        .select()
        .from(t.campaigns)
        .where(and(eq(t.campaigns.merchantId, merchantId), eq(t.campaigns.id, campaignId)));
      return (await withReports(rows))[0] ?? null;
    },

    async cancelCampaign(merchantId, campaignId, now) {
      const cancelled = await query(
        "campaign-cancel",
        `UPDATE campaigns SET status = 'cancelled', finished_at = $1
         WHERE id = $2 AND merchant_id = $3 AND status IN ('scheduled', 'sending')
         RETURNING id`,
        [now, campaignId, merchantId],
      );
      return cancelled.length === 1;
    },

    async claimCampaign(now, leaseMs) {
      // SKIP LOCKED: instances claiming at once each take another campaign instead of queueing.
      const [row] = await query<Parameters<typeof claimedOf>[0]>(
        "campaign-claim",
        `UPDATE campaigns SET status = 'sending', started_at = coalesce(started_at, $1),
           locked_until = $2
         WHERE id = (SELECT id FROM campaigns
           WHERE status IN ('scheduled', 'sending') AND send_at <= $1 AND locked_until < $1
           ORDER BY send_at LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING ${CLAIMED_COLUMNS}`,
        [now, now + leaseMs],
      );
      return row ? claimedOf(row) : null;
    },

    async releaseCampaign(campaignId, heldUntil) {
      const released = await query(
        "campaign-release",
        `UPDATE campaigns SET locked_until = 0
         WHERE id = $1 AND status = 'sending' AND locked_until = $2 RETURNING id`,
        [campaignId, heldUntil],
      );
      return released.length === 1;
    },

    async fanOutCampaign(campaignId, { now, limit, leaseMs, inAudience, occasionOf, emailTo }) {
      return transaction(async (tx) => {
        const [campaign] = await tx.query<{
          merchant_id: string;
          program_id: string;
          cursor: string;
          automation_id: string | null;
          email: number;
          name: string;
          audience: string;
          started_at: string | null;
        }>(
          "campaign-step-lock",
          `SELECT merchant_id, program_id, cursor, automation_id, email, name, audience, started_at
           FROM campaigns WHERE id = $1 AND status = 'sending' FOR UPDATE`,
          [campaignId],
        );
        if (!campaign) return { added: 0, done: true };
        const rows = await tx.query<CandidateRow & { listened: number }>(
          "campaign-candidates",
          CANDIDATES,
          [campaign.merchant_id, campaign.program_id, campaign.cursor, limit],
        );
        let chosen = rows.filter((row) => inAudience(candidateOf(row)));
        if (campaign.automation_id !== null && occasionOf) {
          // Once per automation, card and occasion: a run that finds it reached adds nobody.
          const reasons = chosen.map((row) => occasionOf(candidateOf(row)));
          const due = chosen.filter((_, i) => reasons[i] !== null);
          const sent = await tx.query<{ card_id: string }>(
            "automation-sends-add",
            `INSERT INTO automation_sends (automation_id, card_id, occasion, campaign_id, sent_at)
             SELECT $1, card_id, occasion, $2, $3
             FROM unnest($4::text[], $5::text[]) AS due(card_id, occasion)
             ON CONFLICT DO NOTHING RETURNING card_id`,
            [
              campaign.automation_id,
              campaignId,
              now,
              due.map((row) => row.id),
              reasons.filter((reason) => reason !== null),
            ],
          );
          const fresh = new Set(sent.map((row) => row.card_id));
          chosen = due.filter((row) => fresh.has(row.id));
        }
        const added = await tx.query<{ card_id: string; listened: number }>(
          "campaign-recipients-add",
          `INSERT INTO campaign_recipients (campaign_id, card_id, queued_at, listened, email_status)
           SELECT $1, card_id, $2, listened, email_status
           FROM unnest($3::text[], $4::int[], $5::text[]) AS chosen(card_id, listened, email_status)
           ON CONFLICT DO NOTHING RETURNING card_id, listened`,
          [
            campaignId,
            now,
            chosen.map((row) => row.id),
            chosen.map((row) => row.listened),
            chosen.map((row) =>
              campaign.email === 1 && emailTo?.(candidateOf(row)) ? "pending" : null,
            ),
          ],
        );
        await log.cardPassesChanged(
          tx,
          campaign.merchant_id,
          added.filter((row) => row.listened === 1).map((row) => row.card_id),
          now,
        );
        const done = rows.length < limit;
        await tx.query(
          "campaign-step-done",
          `UPDATE campaigns SET cursor = $1, locked_until = $2, status = $3, finished_at = $4
           WHERE id = $5`,
          [
            rows.at(-1)?.id ?? campaign.cursor,
            done ? 0 : now + leaseMs,
            done ? "sent" : "sending",
            done ? now : null,
            campaignId,
          ],
        );
        // See the SQLite twin: told with the write that marks it sent; automation runs are not.
        if (done && campaign.automation_id === null)
          await sendWebhookMessages(
            tx,
            campaign.merchant_id,
            async () => {
              const [counts] = await tx.query<SentCounts>(
                "campaign-sent-counts",
                `SELECT ${SENT_COUNTS} FROM campaign_recipients WHERE campaign_id = $1`,
                [campaignId],
              );
              return [campaignSentMessage(sentCampaign(campaignId, campaign, counts, now), now)];
            },
            now,
          );
        return { added: added.length, done };
      });
    },

    async campaignFetched(cardId, now) {
      await query(
        "campaign-fetched",
        `UPDATE campaign_recipients SET fetched_at = $1
         WHERE card_id = $2 AND fetched_at IS NULL AND queued_at <= $1`,
        [now, cardId],
      );
    },

    async countAudience(merchantId, programId, inAudience) {
      let count = 0;
      for (let after = ""; ; ) {
        const rows = await query<CandidateRow>("audience-page", CANDIDATES, [
          merchantId,
          programId,
          after,
          AUDIENCE_PAGE,
        ]);
        count += rows.filter((row) => inAudience(candidateOf(row))).length;
        if (rows.length < AUDIENCE_PAGE) return count;
        after = rows.at(-1)?.id ?? after;
      }
    },
  };
}
