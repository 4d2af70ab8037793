import type { CardState } from "@stamp/core";
import type { AutomationRule } from "../automations/automation-rule";
import type { Audience } from "../campaigns/audience";
import type { CampaignMessage } from "../campaigns/campaign-message";

/**
 * Campaigns: messages a merchant sends to card holders through their wallet passes. A campaign's
 * fan-out runs in steps (`fanOutCampaign`), each one transaction that adds recipients, gives
 * their passes a new version with a push job (the wallet push outbox, `wallet_push_jobs`) and
 * moves the campaign's cursor: a crash loses no step and repeats none, and a card is a recipient
 * of a campaign at most once.
 */
export interface CampaignStore extends CampaignEmailOutbox {
  /** Keeps a new campaign; false (and nothing written) when its id exists. */
  createCampaign(campaign: NewCampaign): Promise<boolean>;
  /** The merchant's own campaigns (not automations' runs), newest first, with their reports. */
  listCampaigns(merchantId: string, limit: number): Promise<CampaignRecord[]>;
  getCampaign(merchantId: string, campaignId: string): Promise<CampaignRecord | null>;
  /**
   * Stops a campaign not yet sent in full: a scheduled one sends nothing, a sending one stops
   * after the step in flight (the cards reached keep the message). False when it is not the
   * merchant's or already sent or cancelled.
   */
  cancelCampaign(merchantId: string, campaignId: string, now: number): Promise<boolean>;
  /**
   * Takes the lease of one campaign to fan out: a scheduled one whose time has come (it becomes
   * "sending"), or a sending one whose lease ran out (its instance stopped). Null: none.
   */
  claimCampaign(now: number, leaseMs: number): Promise<ClaimedCampaign | null>;
  /**
   * One step of a claimed campaign: the next `limit` cards of its program after the cursor,
   * those `inAudience` keeps become recipients (once), their listened passes get a new version and
   * a push job; the cursor moves and the lease is renewed. Past the last card, the campaign is
   * "sent". Does nothing (done) when the campaign was cancelled meanwhile.
   */
  fanOutCampaign(
    campaignId: string,
    step: FanOutStep,
  ): Promise<{ readonly added: number; readonly done: boolean }>;
  /** A device fetched the card's pass: the messages queued before it were seen. */
  campaignFetched(cardId: string, now: number): Promise<void>;
  /**
   * How many of the program's cards `inAudience` keeps, read in pages (what a campaign made now
   * would reach, before it is sent). Zero for another merchant's program.
   */
  countAudience(
    merchantId: string,
    programId: string,
    inAudience: (card: AudienceCandidate) => boolean,
  ): Promise<number>;
}

/** The e-mail versions of campaigns, sent by whichever instance claims them. */
export interface CampaignEmailOutbox {
  /**
   * Leases up to `limit` pending campaign e-mails due at `now` (a retry waits its turn): each
   * claimed once across instances (SKIP LOCKED on PostgreSQL), its attempt counted.
   */
  claimCampaignEmails(now: number, leaseMs: number, limit: number): Promise<CampaignEmail[]>;
  /** What became of claimed e-mails: sent, failed for good, skipped, or retried at `dueAt`. */
  finishCampaignEmails(results: readonly CampaignEmailResult[]): Promise<void>;
  /**
   * The customer wants no more e-mail (unsubscribed, or the address bounced): their consent is
   * taken from the profile (`emailStoppedAt` kept) and their pending e-mails skipped, in one
   * transaction. Idempotent; false when there is no such card.
   */
  stopCampaignEmails(cardId: string, now: number): Promise<boolean>;
}

export type CampaignStatus = "scheduled" | "sending" | "sent" | "cancelled";

export interface NewCampaign {
  readonly id: string;
  readonly merchantId: string;
  readonly programId: string;
  readonly name: string;
  readonly message: CampaignMessage;
  readonly audience: Audience;
  readonly sendAt: number;
  readonly createdAt: number;
  /** Also e-mailed to the customers who agreed to news by e-mail. */
  readonly email?: boolean | undefined;
  /** Set on an automation's run: the automation and its rule as the run began. */
  readonly automation?: RunOf | undefined;
}

/** The automation a campaign is a run of. */
export interface RunOf {
  readonly id: string;
  readonly rule: AutomationRule;
}

export interface CampaignReport {
  /** Cards the campaign reached (recipients so far). */
  readonly recipients: number;
  /** Of them, cards with a wallet listening (an Apple device or a Google object). */
  readonly listened: number;
  /** Cards whose push went out. */
  readonly pushed: number;
  /** APNs devices and Google calls that refused, over all attempts. */
  readonly failures: number;
  /** Cards whose pass a device fetched after the message. */
  readonly fetched: number;
  /** E-mails sent (campaigns with e-mail). */
  readonly emailed: number;
  /** E-mails the mail server refused for good, or that failed every attempt. */
  readonly emailFailed: number;
}

export interface CampaignRecord extends NewCampaign {
  readonly status: CampaignStatus;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly report: CampaignReport;
}

export interface ClaimedCampaign {
  readonly id: string;
  readonly merchantId: string;
  readonly programId: string;
  readonly audience: Audience;
  readonly automation: RunOf | null;
}

/** A card as an audience judges it. */
export interface AudienceCandidate {
  readonly cardId: string;
  /**
   * Read apart from the state (whose decoding a fan-out step pays per card otherwise): a rule
   * that needs only this — everyone — decodes nothing.
   */
  readonly blocked: boolean;
  /** Decoded when first read. */
  readonly state: CardState;
  /** The customer's profile (name, email, birthday, consentedAt) when they gave one. */
  readonly profile: Readonly<Record<string, string>> | null;
  readonly createdAt: number;
}

export interface FanOutStep {
  readonly now: number;
  readonly limit: number;
  readonly leaseMs: number;
  readonly inAudience: (card: AudienceCandidate) => boolean;
  /**
   * An automation's run: the occasion a chosen card is reached for. A card the automation already
   * reached for it is skipped (`automation_sends`, once per automation, card and occasion).
   */
  readonly occasionOf?: (card: AudienceCandidate) => string | null;
  /** For a campaign with e-mail: whether the card's customer gets the e-mail version. */
  readonly emailTo?: (card: AudienceCandidate) => boolean;
}

/** A campaign e-mail claimed for sending. */
export interface CampaignEmail {
  readonly campaignId: string;
  readonly cardId: string;
  readonly merchantId: string;
  readonly programId: string;
  readonly message: CampaignMessage;
  /** The profile now (an unsubscribe after the fan-out shows here). */
  readonly profile: Readonly<Record<string, string>> | null;
  readonly attempts: number;
}

export type CampaignEmailResult =
  | {
      readonly campaignId: string;
      readonly cardId: string;
      readonly status: "sent" | "failed" | "skipped";
    }
  | {
      readonly campaignId: string;
      readonly cardId: string;
      readonly status: "retry";
      readonly dueAt: number;
    };
