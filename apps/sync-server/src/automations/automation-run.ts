import { campaignId } from "../campaigns/create-campaign";
import type { AutomationRecord, AutomationRun } from "../storage/automation-store";

const DAY_MS = 86_400_000;
/** Daily runs start at this hour (UTC): daytime for the shops of Europe, Africa and the Middle East. */
export const RUN_HOUR_UTC = 10;

/** The next daily run after `now`. */
export function nextRunAfter(now: number): number {
  const today = Math.floor(now / DAY_MS) * DAY_MS + RUN_HOUR_UTC * 3_600_000;
  return today > now ? today : today + DAY_MS;
}

/**
 * The run of an automation due at `now`: a campaign with its rule and message — on the wallet card
 * and by e-mail to consenting customers — its id from the automation and the time the run was due
 * (the same on every instance), and the next run.
 */
export function automationRun(automation: AutomationRecord, now: number): AutomationRun {
  const due = automation.nextRunAt;
  return {
    campaign: {
      id: campaignId(automation.merchantId, `automation:${automation.id}:${due}`),
      merchantId: automation.merchantId,
      programId: automation.programId,
      name: `${automation.rule.kind} ${new Date(now).toISOString().slice(0, 10)}`,
      message: automation.message,
      audience: { kind: "everyone" },
      sendAt: now,
      createdAt: now,
      automation: { id: automation.id, rule: automation.rule },
      // Also by e-mail, to the customers who agreed to news and offers (checked again at send).
      email: true,
    },
    nextRunAt: nextRunAfter(now),
  };
}
