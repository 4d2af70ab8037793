import { type CardState, hlcMillis, type StampEvent, voucherOfId, voucherView } from "@stamp/core";
import type { Audience } from "../campaigns/audience";
import type { CardChange, NewEvent } from "../storage/append/plan-append";
import type { WebhookEventKind } from "./webhook-events";

/**
 * One thing that happened, as every subscribed endpoint receives it: the Standard Webhooks
 * payload shape `{type, timestamp, data}`. The id is derived from what happened (an event id, a
 * voucher id), so the same change never makes two messages, whichever instance writes it.
 */
export interface WebhookMessage {
  readonly id: string;
  readonly type: WebhookEventKind;
  readonly payload: string;
}

/** What a payload says of the card after the change. */
function cardSummary(state: CardState) {
  return {
    stamps: state.stamps,
    goal: state.goal,
    lifetimeStamps: state.lifetimeStamps,
    rewardsReady: state.vouchers.filter((v) => v.status === "issued").length,
    blocked: state.blocked,
  };
}

function message(
  id: string,
  type: WebhookEventKind,
  nowMs: number,
  data: Record<string, unknown>,
): WebhookMessage {
  return {
    id: `msg_${id}`,
    type,
    payload: JSON.stringify({ type, timestamp: new Date(nowMs).toISOString(), data }),
  };
}

/** The fields every event-made message carries. */
function about(event: StampEvent, state: CardState | undefined) {
  return {
    eventId: event.id,
    merchantId: event.merchantId,
    programId: event.programId,
    cardId: event.cardId,
    deviceId: event.deviceId,
    at: new Date(hlcMillis(event.hlc)).toISOString(),
    ...(state ? { card: cardSummary(state) } : {}),
  };
}

function eventMessages(
  event: StampEvent,
  state: CardState | undefined,
  nowMs: number,
): WebhookMessage[] {
  const base = about(event, state);
  switch (event.type) {
    case "card.enrolled":
      return [message(event.id, "card.enrolled", nowMs, { ...base, source: event.source })];
    case "stamps.added": {
      const details = {
        ...base,
        count: event.count,
        channel: event.channel,
        ...(event.amount !== undefined ? { amount: event.amount } : {}),
        ...(event.currency ? { currency: event.currency } : {}),
        ...(event.orderRef ? { orderRef: event.orderRef } : {}),
        ...(event.staffId ? { staffId: event.staffId } : {}),
      };
      const added = message(event.id, "stamps.added", nowMs, details);
      return event.channel === "receipt"
        ? [added, message(`${event.id}.receipt`, "receipt.claimed", nowMs, details)]
        : [added];
    }
    case "stamps.revoked":
      return [
        message(event.id, "stamps.revoked", nowMs, {
          ...base,
          targetId: event.targetId,
          reason: event.reason,
        }),
      ];
    case "voucher.redeemed":
    case "reward.handed_over": {
      const voucher = state && voucherOfId(state, event.voucherId);
      return [
        message(event.id, "voucher.redeemed", nowMs, {
          ...base,
          voucherId: event.voucherId,
          method: event.type === "voucher.redeemed" ? event.method : "handover",
          ...(voucher ? { voucher: voucherView(voucher, nowMs) } : {}),
        }),
      ];
    }
    case "card.blocked":
      return [message(event.id, "card.blocked", nowMs, { ...base, reason: event.reason })];
    case "card.unblocked":
      return [
        message(event.id, "card.unblocked", nowMs, {
          ...base,
          ...(event.reason ? { reason: event.reason } : {}),
        }),
      ];
    case "voucher.expired": {
      const voucher = state && voucherOfId(state, event.voucherId);
      return [
        message(event.id, "voucher.expired", nowMs, {
          ...base,
          voucherId: event.voucherId,
          ...(voucher ? { voucher: voucherView(voucher, nowMs) } : {}),
        }),
      ];
    }
    case "stamps.expired":
      return [
        message(event.id, "stamps.expired", nowMs, { ...base, inactiveDays: event.inactiveDays }),
      ];
    case "voucher.granted": {
      // A granted voucher is issued by its event, not by a cycle (stamp-core SPEC G1).
      const voucher = state && voucherOfId(state, event.voucherId);
      if (!state || !voucher || voucher.issuedAt !== event.hlc) return [];
      const data = { ...base, voucher: voucherView(voucher, nowMs), card: cardSummary(state) };
      return [
        message(`${voucher.id}.ready`, "reward.ready", nowMs, data),
        message(`${voucher.id}.issued`, "voucher.issued", nowMs, data),
      ];
    }
    case "voucher.revealed":
    case "voucher.reminded":
      return [];
    default: {
      const unknown: never = event;
      throw new Error(`no webhook rule for ${JSON.stringify(unknown)}`);
    }
  }
}

/** A campaign whose fan-out just ended: what `campaign.sent` tells. */
export interface SentCampaign {
  readonly id: string;
  readonly merchantId: string;
  readonly programId: string;
  readonly name: string;
  readonly audience: Audience;
  readonly startedAt: number;
  /** Cards it reached. */
  readonly recipients: number;
  /** Of them, cards with a wallet listening: their pushes are queued, and go out after this. */
  readonly listened: number;
  /** Of them, customers it e-mails (consented, campaigns with e-mail). */
  readonly emailed: number;
}

/** `campaign.sent`, once per campaign (its id makes the message id), in the step that ends it. */
export function campaignSentMessage(campaign: SentCampaign, nowMs: number): WebhookMessage {
  return message(`${campaign.id}.sent`, "campaign.sent", nowMs, {
    campaignId: campaign.id,
    merchantId: campaign.merchantId,
    programId: campaign.programId,
    name: campaign.name,
    audience: campaign.audience,
    startedAt: new Date(campaign.startedAt).toISOString(),
    sentAt: new Date(nowMs).toISOString(),
    recipients: campaign.recipients,
    walletPushes: campaign.listened,
    emails: campaign.emailed,
  });
}

/**
 * The messages one written batch makes: one per new event of a subscribed kind (a receipt's
 * stamps also as `receipt.claimed`), and `reward.ready` + `voucher.issued` for each reward a card
 * earned in it. Pure: both adapters call it in the batch's transaction and store its deliveries.
 */
export function webhookMessages(
  inserts: readonly NewEvent[],
  changes: readonly CardChange[],
  nowMs: number,
): WebhookMessage[] {
  const after = new Map(changes.map((change) => [change.cardId, change.state]));
  const messages = inserts.flatMap(({ event }) =>
    eventMessages(event, after.get(event.cardId), nowMs),
  );
  for (const change of changes) {
    const known = new Set(change.storedVouchers?.map((v) => v.id));
    for (const voucher of change.state.vouchers) {
      if (known.has(voucher.id) || change.storedVouchers === null) continue;
      const data = {
        merchantId: change.merchantId,
        programId: change.state.programId,
        cardId: change.cardId,
        voucher: voucherView(voucher, nowMs),
        card: cardSummary(change.state),
      };
      messages.push(message(`${voucher.id}.ready`, "reward.ready", nowMs, data));
      messages.push(message(`${voucher.id}.issued`, "voucher.issued", nowMs, data));
    }
  }
  return messages;
}
