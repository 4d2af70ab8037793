import { and, desc, eq, isNull } from "drizzle-orm";
import { campaignSentMessage } from "../../webhooks/webhook-messages";
import {
  AUDIENCE_PAGE,
  type CampaignRow,
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
import * as t from "../schema";
import { vouchersJsonOf } from "./card-vouchers";
import type { SqliteContext } from "./sqlite-context";
import { WebhookOutbox } from "./webhook-outbox";

interface SqliteCandidateRow {
  id: string;
  program_id: string;
  merchant_id: string;
  state: string;
  profile: string | null;
  created_at: number;
  /** JSON array. */
  vouchers: string;
  blocked: number | null;
  listened: number;
}

type ReportRow = {
  campaign_id: string;
  recipients: number;
  listened: number;
  pushed: number;
  failures: number;
  fetched: number;
  emailed: number;
  email_failed: number;
};

/** Campaigns and their fan-out on SQLite. */
export function sqliteCampaigns({
  db,
  client,
  write,
  log,
}: SqliteContext): Omit<CampaignStore, keyof CampaignEmailOutbox> {
  const reports = client.prepare<[string], ReportRow>(
    `SELECT campaign_id, ${REPORT_COLUMNS} FROM campaign_recipients
     WHERE campaign_id IN (SELECT value FROM json_each(?)) GROUP BY campaign_id`,
  );
  const withReports = (rows: CampaignRow[]) => {
    const byId = new Map(
      reports
        .all(JSON.stringify(rows.map((row) => row.id)))
        .map((r) => [r.campaign_id, reportOf(r)]),
    );
    return rows.map((row) => campaignOf(row, byId.get(row.id)));
  };
  const candidates = client.prepare<[string, string, string, number], SqliteCandidateRow>(
    `SELECT c.id, c.program_id, c.merchant_id, c.state, c.profile, c.created_at, ${vouchersJsonOf("c.id")} AS vouchers,
       json_extract(c.state, '$.blocked') AS blocked, ${LISTENED_CARD} AS listened
     FROM cards c LEFT JOIN wallet_passes p ON p.card_id = c.id
     WHERE c.merchant_id = ? AND c.program_id = ? AND c.id > ? ORDER BY c.id LIMIT ?`,
  );
  // A step's chosen cards at once, [[card, listened, email status], …]: those new to the campaign.
  const addRecipients = client.prepare<
    [string, number, string],
    { card_id: string; listened: number }
  >(
    `INSERT INTO campaign_recipients (campaign_id, card_id, queued_at, listened, email_status)
     SELECT ?, value ->> 0, ?, value ->> 1, value ->> 2 FROM json_each(?) WHERE true
     ON CONFLICT DO NOTHING RETURNING card_id, listened`,
  );
  const webhooks = new WebhookOutbox(client);
  const counts = client.prepare<[string], SentCounts>(
    `SELECT ${SENT_COUNTS} FROM campaign_recipients WHERE campaign_id = ?`,
  );
  const addSend = client.prepare<[string, string, string, string, number]>(
    `INSERT INTO automation_sends (automation_id, card_id, occasion, campaign_id, sent_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  return {
    async createCampaign(campaign) {
      const inserted = db
        .insert(t.campaigns)
        .values(campaignValues(campaign))
        .onConflictDoNothing()
        .run();
      return inserted.changes === 1;
    },

    async listCampaigns(merchantId, limit) {
      const rows = db
        .select()
        .from(t.campaigns)
        .where(and(eq(t.campaigns.merchantId, merchantId), isNull(t.campaigns.automationId)))
        .orderBy(desc(t.campaigns.createdAt), desc(t.campaigns.id))
        .limit(limit)
        .all();
      return withReports(rows);
    },

    async getCampaign(merchantId, campaignId) {
      const rows = db
        .select()
        .from(t.campaigns)
        .where(and(eq(t.campaigns.merchantId, merchantId), eq(t.campaigns.id, campaignId)))
        .all();
      return withReports(rows)[0] ?? null;
    },

    async cancelCampaign(merchantId, campaignId, now) {
      const cancelled = client
        .prepare(
          `UPDATE campaigns SET status = 'cancelled', finished_at = ?
           WHERE id = ? AND merchant_id = ? AND status IN ('scheduled', 'sending')`,
        )
        .run(now, campaignId, merchantId);
      return cancelled.changes === 1;
    },

    async claimCampaign(now, leaseMs) {
      // One statement: of several instances, the one whose UPDATE wins holds the lease.
      const row = client
        .prepare<[number, number, number, number, number], Parameters<typeof claimedOf>[0]>(
          `UPDATE campaigns SET status = 'sending', started_at = coalesce(started_at, ?),
             locked_until = ?
           WHERE id = (SELECT id FROM campaigns
             WHERE status IN ('scheduled', 'sending') AND send_at <= ? AND locked_until < ?
             ORDER BY send_at LIMIT 1) AND locked_until < ?
           RETURNING ${CLAIMED_COLUMNS}`,
        )
        .get(now, now + leaseMs, now, now, now);
      return row ? claimedOf(row) : null;
    },

    async releaseCampaign(campaignId, heldUntil) {
      const released = client
        .prepare<[string, number]>(
          `UPDATE campaigns SET locked_until = 0
           WHERE id = ? AND status = 'sending' AND locked_until = ?`,
        )
        .run(campaignId, heldUntil);
      return released.changes === 1;
    },

    async fanOutCampaign(campaignId, { now, limit, leaseMs, inAudience, occasionOf, emailTo }) {
      return write(() => {
        const campaign = client
          .prepare<
            [string],
            {
              merchant_id: string;
              program_id: string;
              cursor: string;
              automation_id: string | null;
              email: number;
              name: string;
              audience: string;
              started_at: number | null;
            }
          >(
            `SELECT merchant_id, program_id, cursor, automation_id, email, name, audience, started_at
             FROM campaigns WHERE id = ? AND status = 'sending'`,
          )
          .get(campaignId);
        if (!campaign) return { added: 0, done: true };
        const rows = candidates.all(
          campaign.merchant_id,
          campaign.program_id,
          campaign.cursor,
          limit,
        );
        const chosen: [string, number, string | null][] = [];
        for (const row of rows) {
          const candidate = candidateOf(row);
          if (!inAudience(candidate)) continue;
          const automationId = campaign.automation_id;
          if (automationId !== null && occasionOf) {
            // Once per automation, card and occasion: a run that finds it reached adds nobody.
            const reason = occasionOf(candidate);
            if (reason === null) continue;
            if (addSend.run(automationId, row.id, reason, campaignId, now).changes === 0) continue;
          }
          const email = campaign.email === 1 && emailTo?.(candidate) ? "pending" : null;
          chosen.push([row.id, row.listened, email]);
        }
        const added = addRecipients.all(campaignId, now, JSON.stringify(chosen));
        log.cardPassesChanged(
          campaign.merchant_id,
          added.filter((row) => row.listened === 1).map((row) => row.card_id),
          now,
        );
        const done = rows.length < limit;
        client
          .prepare(
            `UPDATE campaigns SET cursor = ?, locked_until = ?, status = ?, finished_at = ?
             WHERE id = ?`,
          )
          .run(
            rows.at(-1)?.id ?? campaign.cursor,
            done ? 0 : now + leaseMs,
            done ? "sent" : "sending",
            done ? now : null,
            campaignId,
          );
        // The merchant's endpoints hear of it with the write that marks it sent (automation
        // runs, a daily one per switched-on automation, are not campaigns the merchant sent).
        if (done && campaign.automation_id === null)
          webhooks.send(
            campaign.merchant_id,
            () => [
              campaignSentMessage(
                sentCampaign(campaignId, campaign, counts.get(campaignId), now),
                now,
              ),
            ],
            now,
          );
        return { added: added.length, done };
      });
    },

    async campaignFetched(cardId, now) {
      client
        .prepare(
          `UPDATE campaign_recipients SET fetched_at = ?
           WHERE card_id = ? AND fetched_at IS NULL AND queued_at <= ?`,
        )
        .run(now, cardId, now);
    },

    async countAudience(merchantId, programId, inAudience) {
      let count = 0;
      for (let after = ""; ; ) {
        const rows = candidates.all(merchantId, programId, after, AUDIENCE_PAGE);
        for (const row of rows) if (inAudience(candidateOf(row))) count += 1;
        if (rows.length < AUDIENCE_PAGE) return count;
        after = rows.at(-1)?.id ?? after;
      }
    },
  };
}
