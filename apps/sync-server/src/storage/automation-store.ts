import type { AutomationRule } from "../automations/automation-rule";
import type { CampaignMessage } from "../campaigns/campaign-message";
import type { NewCampaign } from "./campaign-store";

/**
 * Automations: a programme's birthday, win-back and reminder messages. A due automation starts a
 * run — a campaign with its rule, fanned out by the campaign sender — and a card is reached by an
 * automation at most once per occasion (`automation_sends`), whatever instance runs it.
 */
export interface AutomationStore {
  /** The programme's automations (those ever saved). */
  listAutomations(merchantId: string, programId: string): Promise<AutomationRecord[]>;
  /**
   * Keeps an automation, one per programme and kind (a second save of the kind replaces its
   * message, rule and switch, keeping its id). Switched on — new, or from paused — it is due at
   * `nextRunAt`; otherwise its next run stays. False when the programme is not the merchant's.
   */
  saveAutomation(automation: AutomationRecord): Promise<boolean>;
  /**
   * Starts the runs of automations switched on and due at `now`: each run's campaign (made by
   * `plan`, its id from the automation and its due time, so an instance repeating it makes none)
   * and the automation's next run, in one transaction. Instances at once take different ones
   * (SKIP LOCKED on PostgreSQL). Returns the runs started.
   */
  startAutomationRuns(now: number, plan: (due: AutomationRecord) => AutomationRun): Promise<number>;
  /** The cards the automation reached, newest first: who, for what, when, and the push's outcome. */
  listAutomationSends(
    merchantId: string,
    automationId: string,
    limit: number,
  ): Promise<AutomationSend[]>;
  /**
   * Sends of birthday and win-back runs at or after `since`, of every merchant, oldest first, after
   * `after` (null: from the first), at most `limit`, each with the rule of its run: what the
   * treats sender grants (stamp-core SPEC G1) from the durable record of whom a run reached.
   */
  listTreatSends(since: number, after: TreatSendKey | null, limit: number): Promise<TreatSend[]>;
}

/** Where a page of treat sends ends: the next page starts after it. */
export interface TreatSendKey {
  readonly sentAt: number;
  readonly automationId: string;
  readonly cardId: string;
  readonly occasion: string;
}

/** A card a birthday or win-back run reached, with the rule it ran under. */
export interface TreatSend extends TreatSendKey {
  readonly merchantId: string;
  readonly programId: string;
  readonly rule: AutomationRule;
}

export interface AutomationRecord {
  readonly id: string;
  readonly merchantId: string;
  readonly programId: string;
  readonly rule: AutomationRule;
  readonly enabled: boolean;
  readonly message: CampaignMessage;
  readonly updatedAt: number;
  readonly nextRunAt: number;
}

export interface AutomationRun {
  readonly campaign: NewCampaign;
  readonly nextRunAt: number;
}

export interface AutomationSend {
  readonly cardId: string;
  readonly cardNumber: string | null;
  /** What it was sent for, e.g. "birthday-2027". */
  readonly occasion: string;
  readonly sentAt: number;
  /** delivered: the wallet was told; pending: a wallet listens, push not out yet; no-wallet: web card only. */
  readonly outcome: "delivered" | "pending" | "no-wallet";
}

/** A row of `automations` as both adapters read it (snake case), made a record. */
export function automationOf(row: {
  id: string;
  merchant_id: string;
  program_id: string;
  kind: string;
  enabled: number;
  message: string;
  settings: string;
  updated_at: number | string;
  next_run_at: number | string;
}): AutomationRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    programId: row.program_id,
    rule: { kind: row.kind, settings: JSON.parse(row.settings) } as AutomationRule,
    enabled: row.enabled === 1,
    message: JSON.parse(row.message) as CampaignMessage,
    updatedAt: Number(row.updated_at),
    nextRunAt: Number(row.next_run_at),
  };
}

/** The sends of an automation with their outcome: SQL both databases speak (`?`/`$n` in order). */
export const AUTOMATION_SENDS = (p: readonly [string, string, string]) =>
  `SELECT s.card_id, c.number AS card_number, s.occasion, s.sent_at,
     CASE WHEN r.pushed_at IS NOT NULL THEN 'delivered' WHEN r.listened = 1 THEN 'pending'
       ELSE 'no-wallet' END AS outcome
   FROM automation_sends s JOIN automations a ON a.id = s.automation_id
   JOIN cards c ON c.id = s.card_id
   LEFT JOIN campaign_recipients r ON r.campaign_id = s.campaign_id AND r.card_id = s.card_id
   WHERE a.merchant_id = ${p[0]} AND s.automation_id = ${p[1]}
   ORDER BY s.sent_at DESC, s.card_id LIMIT ${p[2]}`;

export function automationSendOf(row: {
  card_id: string;
  card_number: string | null;
  occasion: string;
  sent_at: number | string;
  outcome: string;
}): AutomationSend {
  return {
    cardId: row.card_id,
    cardNumber: row.card_number,
    occasion: row.occasion,
    sentAt: Number(row.sent_at),
    outcome: row.outcome as AutomationSend["outcome"],
  };
}

/** Treat sends after a key: SQL both databases speak (`?`/`$n` in order: since, the key, limit). */
export const TREAT_SENDS = (p: readonly string[]) =>
  `SELECT a.merchant_id, a.program_id, s.automation_id, s.card_id, s.occasion, s.sent_at,
     c.automation_rule
   FROM automation_sends s JOIN automations a ON a.id = s.automation_id
   JOIN campaigns c ON c.id = s.campaign_id
   WHERE a.kind IN ('birthday', 'win-back') AND s.sent_at >= ${p[0]}
     AND (s.sent_at, s.automation_id, s.card_id, s.occasion) > (${p[1]}, ${p[2]}, ${p[3]}, ${p[4]})
   ORDER BY s.sent_at, s.automation_id, s.card_id, s.occasion LIMIT ${p[5]}`;

/** The parameters of TREAT_SENDS after its `since`: a key before every send when `after` is null. */
export function treatSendsAfter(after: TreatSendKey | null): [number, string, string, string] {
  return after
    ? [after.sentAt, after.automationId, after.cardId, after.occasion]
    : [-1, "", "", ""];
}

export function treatSendOf(row: {
  merchant_id: string;
  program_id: string;
  automation_id: string;
  card_id: string;
  occasion: string;
  sent_at: number | string;
  automation_rule: string;
}): TreatSend {
  return {
    merchantId: row.merchant_id,
    programId: row.program_id,
    automationId: row.automation_id,
    cardId: row.card_id,
    occasion: row.occasion,
    sentAt: Number(row.sent_at),
    rule: JSON.parse(row.automation_rule) as AutomationRule,
  };
}
