import { occasion } from "../automations/automation-rule";
import { automationRun } from "../automations/automation-run";
import type { AutomationTreats } from "../automations/automation-treats";
import type { Logger } from "../logger";
import { emailConsented } from "../mail/email-consent";
import { Rounds, type RoundsPace } from "../rounds";
import type { AutomationStore } from "../storage/automation-store";
import type {
  AudienceCandidate,
  CampaignStore,
  ClaimedCampaign,
  FanOutStep,
} from "../storage/campaign-store";
import { inAudience } from "./audience";

/** A fan-out step: one short transaction, so the tills' writes of the merchant are held briefly. */
const STEP_CARDS = 500;
/**
 * Renewed by every step. An instance that stops gives it back (the next one goes on at once); one
 * that dies leaves its campaign to be taken over once the lease runs out.
 */
const LEASE_MS = 30_000;
/** How often a round looks for automations due to start a run. */
const AUTOMATION_CHECK_MS = 60_000;

export interface CampaignSenderOptions {
  readonly store: Pick<CampaignStore, "claimCampaign" | "fanOutCampaign" | "releaseCampaign"> &
    Pick<AutomationStore, "startAutomationRuns">;
  readonly now: () => number;
  readonly logger: Logger;
  /**
   * Busy: how often a round runs while a campaign fans out (its budget is cardsPerSecond × this);
   * idle: while none is due.
   */
  readonly pace: RoundsPace;
  /** Cards a campaign's fan-out may look at per second (CAMPAIGN_CARDS_PER_SECOND). */
  readonly cardsPerSecond: number;
  /** Grants what automation runs give with their message; runs after steps that reached cards. */
  readonly treats?: Pick<AutomationTreats, "runOnce">;
  /** A step reached cards: their push jobs (and e-mails) are enqueued, their senders woken. */
  readonly reached?: () => void;
}

/**
 * Fans campaigns out into the wallet push outbox (the push worker sends them): each round takes a
 * due campaign's lease, or keeps the one it holds, and runs steps of STEP_CARDS cards until the
 * round's budget (cardsPerSecond × interval) is spent. The cursor moves with every step's
 * recipients, so an instance that stops mid-campaign leaves it to the next one to claim it.
 */
export class CampaignSender {
  readonly #options: CampaignSenderOptions;
  readonly #logger: Logger;
  readonly #rounds: Rounds;
  #current: ClaimedCampaign | null = null;
  /** The lease on `#current` as this instance's last claim or step set it. */
  #heldUntil = 0;
  #automationsDueAt = 0;

  constructor(options: CampaignSenderOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ module: "campaigns" });
    this.#rounds = new Rounds(
      // A campaign in hand keeps the rounds busy even when a step reached nobody.
      async () => (await this.runOnce()) + (this.#current ? 1 : 0),
      options.pace,
      this.#logger,
      "campaign round failed",
    );
  }

  start(): void {
    this.#rounds.start();
  }

  /**
   * A campaign was made on this instance, due at `sendAt`: a round then, not at the next idle
   * one. (One made on another instance is claimed by that one, or by an idle round here.)
   */
  scheduled(sendAt: number): void {
    this.#rounds.wakeIn(sendAt - this.#options.now());
  }

  /** Stops the rounds after the step in flight and gives the campaign in hand back. */
  async stop(): Promise<void> {
    await this.#rounds.stop();
    const campaign = this.#current;
    if (!campaign) return;
    this.#current = null;
    const released = await this.#options.store.releaseCampaign(campaign.id, this.#heldUntil);
    if (released)
      this.#logger.info({ campaignId: campaign.id }, "campaign left to another instance");
  }

  /** One round: fan-out steps within the budget. Returns how many recipients it added. */
  async runOnce(): Promise<number> {
    const { store, now, pace, cardsPerSecond } = this.#options;
    let budget = Math.max(STEP_CARDS, Math.round((cardsPerSecond * pace.busyMs) / 1000));
    let added = 0;
    let automationCheck = false;
    if (now() >= this.#automationsDueAt) {
      automationCheck = true;
      this.#automationsDueAt = now() + AUTOMATION_CHECK_MS;
      const at = now();
      const started = await store.startAutomationRuns(at, (due) => automationRun(due, at));
      if (started > 0) this.#logger.info({ started }, "automation runs started");
    }
    while (budget > 0) {
      let campaign = this.#current;
      if (!campaign) {
        const claimedAt = now();
        campaign = await store.claimCampaign(claimedAt, LEASE_MS);
        if (!campaign) break;
        this.#current = campaign;
        this.#heldUntil = claimedAt + LEASE_MS;
      }
      const at = now();
      const step = await store.fanOutCampaign(campaign.id, {
        now: at,
        limit: Math.min(STEP_CARDS, budget),
        leaseMs: LEASE_MS,
        ...chooser(campaign, at),
      });
      added += step.added;
      budget -= STEP_CARDS;
      this.#heldUntil = at + LEASE_MS;
      if (step.done) {
        this.#current = null;
        this.#logger.info({ campaignId: campaign.id }, "campaign fanned out");
      }
    }
    if (added > 0) this.#options.reached?.();
    // Right after cards were reached, and once a minute for what an instance that stopped left.
    if (added > 0 || automationCheck) await this.#options.treats?.runOnce();
    return added;
  }
}

/** Who a step reaches: the campaign's audience, or the cards its automation has an occasion for. */
function chooser(
  campaign: ClaimedCampaign,
  at: number,
): Pick<FanOutStep, "inAudience" | "occasionOf" | "emailTo"> {
  const rule = campaign.automation?.rule;
  const emailTo = (card: AudienceCandidate) => emailConsented(card.profile);
  if (!rule) return { inAudience: (card) => inAudience(campaign.audience, card, at), emailTo };
  return {
    inAudience: (card) => occasion(rule, card, at) !== null,
    occasionOf: (card) => occasion(rule, card, at),
    emailTo,
  };
}
