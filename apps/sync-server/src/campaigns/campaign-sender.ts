import { occasion } from "../automations/automation-rule";
import { automationRun } from "../automations/automation-run";
import type { AutomationTreats } from "../automations/automation-treats";
import type { Logger } from "../logger";
import { emailConsented } from "../mail/email-consent";
import { Rounds } from "../rounds";
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
/** Renewed by every step; a stopped instance's campaign is taken over once it runs out. */
const LEASE_MS = 30_000;
/** How often a round looks for automations due to start a run. */
const AUTOMATION_CHECK_MS = 60_000;

export interface CampaignSenderOptions {
  readonly store: Pick<CampaignStore, "claimCampaign" | "fanOutCampaign"> &
    Pick<AutomationStore, "startAutomationRuns">;
  readonly now: () => number;
  readonly logger: Logger;
  /** How often a round runs. */
  readonly intervalMs: number;
  /** Cards a campaign's fan-out may look at per second (CAMPAIGN_CARDS_PER_SECOND). */
  readonly cardsPerSecond: number;
  /** Grants what automation runs give with their message; runs after steps that reached cards. */
  readonly treats?: Pick<AutomationTreats, "runOnce">;
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
  #automationsDueAt = 0;

  constructor(options: CampaignSenderOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ module: "campaigns" });
    this.#rounds = new Rounds(
      () => this.runOnce(),
      options.intervalMs,
      this.#logger,
      "campaign round failed",
    );
  }

  start(): void {
    this.#rounds.start();
  }

  /** Stops the rounds after the step in flight; the lease lets another instance go on. */
  stop(): Promise<void> {
    return this.#rounds.stop();
  }

  /** One round: fan-out steps within the budget. Returns how many recipients it added. */
  async runOnce(): Promise<number> {
    const { store, now, intervalMs, cardsPerSecond } = this.#options;
    let budget = Math.max(STEP_CARDS, Math.round((cardsPerSecond * intervalMs) / 1000));
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
      const campaign = this.#current ?? (await store.claimCampaign(now(), LEASE_MS));
      if (!campaign) break;
      this.#current = campaign;
      const at = now();
      const step = await store.fanOutCampaign(campaign.id, {
        now: at,
        limit: Math.min(STEP_CARDS, budget),
        leaseMs: LEASE_MS,
        ...chooser(campaign, at),
      });
      added += step.added;
      budget -= STEP_CARDS;
      if (step.done) {
        this.#current = null;
        this.#logger.info({ campaignId: campaign.id }, "campaign fanned out");
      }
    }
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
