import type { CardState } from "@stamp/core";
import type { AutomationRule } from "../automations/automation-rule";
import type { Audience } from "../campaigns/audience";
import type { CampaignMessage } from "../campaigns/campaign-message";
import type { SentCampaign } from "../webhooks/webhook-messages";
import type {
  AudienceCandidate,
  CampaignRecord,
  CampaignReport,
  CampaignStatus,
  ClaimedCampaign,
  NewCampaign,
  RunOf,
} from "./campaign-store";
import { decodeCardState } from "./card-state-json";
import type { PassMessage } from "./wallet-store";

/** A `campaigns` row as both adapters read it (drizzle's names). */
export interface CampaignRow {
  readonly id: string;
  readonly merchantId: string;
  readonly programId: string;
  readonly name: string;
  readonly message: string;
  readonly audience: string;
  readonly status: CampaignStatus;
  readonly sendAt: number;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly automationId: string | null;
  readonly automationRule: string | null;
  readonly email: number;
}

export const NO_REPORT: CampaignReport = {
  recipients: 0,
  listened: 0,
  pushed: 0,
  failures: 0,
  fetched: 0,
  emailed: 0,
  emailFailed: 0,
};

/** The report's counts over `campaign_recipients` (SQL both databases speak), per campaign. */
export const REPORT_COLUMNS = `count(*) AS recipients,
  count(*) FILTER (WHERE listened = 1) AS listened, count(pushed_at) AS pushed,
  coalesce(sum(failures), 0) AS failures, count(fetched_at) AS fetched,
  count(*) FILTER (WHERE email_status = 'sent') AS emailed,
  count(*) FILTER (WHERE email_status = 'failed') AS email_failed`;

export function campaignOf(row: CampaignRow, report: CampaignReport | undefined): CampaignRecord {
  return {
    id: row.id,
    merchantId: row.merchantId,
    programId: row.programId,
    name: row.name,
    message: JSON.parse(row.message) as CampaignMessage,
    audience: JSON.parse(row.audience) as Audience,
    status: row.status,
    sendAt: row.sendAt,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    report: report ?? NO_REPORT,
    ...(row.email === 1 ? { email: true } : {}),
    ...(row.automationId === null
      ? {}
      : { automation: runOf(row.automationId, row.automationRule) }),
  };
}

/** Counts as a database hands them (PostgreSQL's bigint as text) made numbers. */
export function reportOf(
  row: Record<Exclude<keyof CampaignReport, "emailFailed">, number | string> & {
    email_failed: number | string;
  },
): CampaignReport {
  return {
    recipients: Number(row.recipients),
    listened: Number(row.listened),
    pushed: Number(row.pushed),
    failures: Number(row.failures),
    fetched: Number(row.fetched),
    emailed: Number(row.emailed),
    emailFailed: Number(row.email_failed),
  };
}

const runOf = (id: string, rule: string | null): RunOf => ({
  id,
  rule: JSON.parse(rule ?? "null") as AutomationRule,
});

/** The columns a claim returns (both databases). */
export const CLAIMED_COLUMNS =
  "id, merchant_id, program_id, audience, automation_id, automation_rule";

export function claimedOf(row: {
  id: string;
  merchant_id: string;
  program_id: string;
  audience: string;
  automation_id: string | null;
  automation_rule: string | null;
}): ClaimedCampaign {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    programId: row.program_id,
    audience: JSON.parse(row.audience) as Audience,
    automation: row.automation_id === null ? null : runOf(row.automation_id, row.automation_rule),
  };
}

/** A new campaign's columns as both adapters insert them. */
export function campaignValues(campaign: NewCampaign) {
  const { automation, email, ...rest } = campaign;
  return {
    ...rest,
    email: email ? 1 : 0,
    message: JSON.stringify(campaign.message),
    audience: JSON.stringify(campaign.audience),
    status: "scheduled" as const,
    cursor: "",
    lockedUntil: 0,
    automationId: automation?.id ?? null,
    automationRule: automation ? JSON.stringify(automation.rule) : null,
  };
}

/** The newest campaign message a card got: SQL both databases speak, `?`/`$1` the card. */
export const NEWEST_MESSAGE = (param: string) =>
  `SELECT c.id, c.message, r.queued_at FROM campaign_recipients r
   JOIN campaigns c ON c.id = r.campaign_id WHERE r.card_id = ${param}
   ORDER BY r.queued_at DESC, c.created_at DESC LIMIT 1`;

export function passMessageOf(
  row: { id: string; message: string; queued_at: number | string } | undefined,
): PassMessage | null {
  return row
    ? {
        id: row.id,
        texts: JSON.parse(row.message) as CampaignMessage,
        at: Number(row.queued_at),
      }
    : null;
}

/**
 * The cards a fan-out step looks at (both databases): `listened` 1 when a wallet listens. A scalar
 * subquery, not EXISTS: PostgreSQL may run an EXISTS as one hash of every registration of every
 * merchant, built again for each step (a scan per step, quadratic over a campaign).
 */
export const LISTENED_CARD = `CASE WHEN p.card_id IS NOT NULL AND (p.google_object = 1
  OR (SELECT 1 FROM wallet_registrations r WHERE r.card_id = c.id LIMIT 1) IS NOT NULL)
  THEN 1 ELSE 0 END`;

/**
 * Push attempts reached (or failed) their cards' campaign messages not marked pushed yet: both
 * databases, `outcomes` a query of rows (card_id, pushed_at — null: not reached —, failures, at),
 * `narrowed` a further condition on `campaign_recipients.card_id` that changes no answer.
 */
export const CAMPAIGN_PUSHED = (outcomes: string, narrowed = "TRUE") =>
  `UPDATE campaign_recipients SET pushed_at = o.pushed_at,
     failures = campaign_recipients.failures + o.failures
   FROM (${outcomes}) AS o
   WHERE campaign_recipients.card_id = o.card_id AND campaign_recipients.listened = 1
     AND campaign_recipients.pushed_at IS NULL AND campaign_recipients.queued_at <= o.at
     AND ${narrowed}`;

/** What `campaign.sent` counts over a campaign's recipients (both databases). */
export const SENT_COUNTS = `count(*) AS recipients, count(*) FILTER (WHERE listened = 1) AS listened,
  count(email_status) AS emailed`;

export type SentCounts = Record<"recipients" | "listened" | "emailed", number | string>;

/** A campaign row as its last fan-out step reads it, with its SENT_COUNTS. */
export function sentCampaign(
  id: string,
  row: {
    merchant_id: string;
    program_id: string;
    name: string;
    audience: string;
    started_at: number | string | null;
  },
  counts: SentCounts | undefined,
  now: number,
): SentCampaign {
  return {
    id,
    merchantId: row.merchant_id,
    programId: row.program_id,
    name: row.name,
    audience: JSON.parse(row.audience) as Audience,
    startedAt: row.started_at === null ? now : Number(row.started_at),
    recipients: Number(counts?.recipients ?? 0),
    listened: Number(counts?.listened ?? 0),
    emailed: Number(counts?.emailed ?? 0),
  };
}

/** Cards an audience count reads per query. */
export const AUDIENCE_PAGE = 1000;

/** A card row as a fan-out step or an audience count reads it (both databases). */
export interface CandidateRow {
  readonly id: string;
  readonly program_id: string;
  readonly merchant_id: string;
  readonly state: string;
  readonly profile: string | null;
  readonly created_at: number | string;
  /** The card's voucher bodies, in cycle order (SQLite: as JSON text). */
  readonly vouchers: unknown[] | string;
  /** `blocked` of the state, read by the query (SQLite 0/1/null, PostgreSQL a boolean). */
  readonly blocked: number | boolean | null;
}

export function candidateOf(row: CandidateRow): AudienceCandidate {
  let state: CardState | undefined;
  return {
    cardId: row.id,
    blocked: row.blocked === true || row.blocked === 1,
    get state() {
      const vouchers = typeof row.vouchers === "string" ? JSON.parse(row.vouchers) : row.vouchers;
      state ??= decodeCardState(row.state, vouchers, {
        cardId: row.id,
        programId: row.program_id,
        merchantId: row.merchant_id,
      });
      return state;
    },
    profile: row.profile === null ? null : (JSON.parse(row.profile) as Record<string, string>),
    createdAt: Number(row.created_at),
  };
}

/** A claimed e-mail's row (both databases). */
export interface CampaignEmailRow {
  readonly campaign_id: string;
  readonly card_id: string;
  readonly merchant_id: string;
  readonly program_id: string;
  readonly message: string;
  readonly profile: string | null;
  readonly email_attempts: number;
}

export function campaignEmailOf(row: CampaignEmailRow) {
  return {
    campaignId: row.campaign_id,
    cardId: row.card_id,
    merchantId: row.merchant_id,
    programId: row.program_id,
    message: JSON.parse(row.message) as CampaignMessage,
    profile: row.profile === null ? null : (JSON.parse(row.profile) as Record<string, string>),
    attempts: row.email_attempts,
  };
}

/** A profile without e-mail consent, noting when it stopped (JSON text in, JSON text out). */
export function profileWithoutEmail(profile: string | null, now: number): string | null {
  if (profile === null) return null;
  const { emailOptInAt: _, ...rest } = JSON.parse(profile) as Record<string, string>;
  return JSON.stringify({ emailStoppedAt: new Date(now).toISOString(), ...rest });
}
