import * as v from "valibot";

/**
 * What a merchant's endpoints can subscribe to. Each is told once, in the transaction of the
 * change (see webhook-messages.ts).
 */
export const WEBHOOK_EVENT_KINDS = [
  "card.enrolled",
  "stamps.added",
  "stamps.revoked",
  "reward.ready",
  "voucher.issued",
  "voucher.redeemed",
  "voucher.expired",
  "stamps.expired",
  "card.blocked",
  "card.unblocked",
  "receipt.claimed",
  "campaign.sent",
  "customer.erased",
  "fraud.flagged",
] as const;

export type WebhookEventKind = (typeof WEBHOOK_EVENT_KINDS)[number];

export const WebhookEventKindSchema = v.picklist(
  WEBHOOK_EVENT_KINDS,
  `must be one of ${WEBHOOK_EVENT_KINDS.join(", ")}`,
);
