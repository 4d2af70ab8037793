import { emptyCardState, type StampEvent, type Voucher } from "@stamp/core";
import { defaultProgram } from "../programs/default-program";
import type { CardChange, NewEvent } from "../storage/append/plan-append";
import type { WebhookEventKind } from "./webhook-events";
import {
  campaignSentMessage,
  customerErasedMessage,
  fraudFlaggedMessage,
  webhookMessages,
} from "./webhook-messages";

const IDS = {
  merchantId: "00000000-0000-4000-8000-000000000001",
  programId: "00000000-0000-4000-8000-000000000002",
  cardId: "00000000-0000-4000-8000-000000000003",
  deviceId: "00000000-0000-4000-8000-000000000004",
} as const;
const SAMPLE_PROGRAM = { ...defaultProgram(IDS.merchantId), id: IDS.programId };
const HLC = "2026-12-05T09:30:00.000Z-0000-0000000000000004";
const EVENT_ID = "019aee00-0000-7000-8000-000000000005";

function sampleEvent(kind: WebhookEventKind): StampEvent | null {
  const envelope = { ...IDS, id: EVENT_ID, v: 1 as const, hlc: HLC };
  switch (kind) {
    case "card.enrolled":
      return { ...envelope, type: "card.enrolled", source: "join-page" };
    case "stamps.added":
      return { ...envelope, type: "stamps.added", count: 1, channel: "staff" };
    case "receipt.claimed":
      return { ...envelope, type: "stamps.added", count: 2, channel: "receipt" };
    case "stamps.revoked":
      return { ...envelope, type: "stamps.revoked", targetId: EVENT_ID, reason: "Scanned twice" };
    case "voucher.redeemed":
      return {
        ...envelope,
        type: "voucher.redeemed",
        voucherId: `${IDS.cardId}:1`,
        method: "staff",
      };
    case "voucher.expired":
      return { ...envelope, type: "voucher.expired", voucherId: `${IDS.cardId}:1` };
    case "stamps.expired":
      return { ...envelope, type: "stamps.expired", inactiveDays: 180 };
    case "card.blocked":
      return { ...envelope, type: "card.blocked", reason: "Shared online" };
    case "card.unblocked":
      return { ...envelope, type: "card.unblocked" };
    case "reward.ready":
    case "voucher.issued":
    case "campaign.sent":
    case "customer.erased":
    case "fraud.flagged":
      return null;
    default: {
      const unknown: never = kind;
      throw new Error(`no sample for ${unknown}`);
    }
  }
}

const SAMPLE_VOUCHER: Voucher = {
  id: `${IDS.cardId}:1`,
  cycle: 1,
  kind: "simple",
  title: "Free coffee",
  status: "issued",
  issuedAt: HLC,
  programVersion: 1,
};

/**
 * An example payload of each kind, made by the same code as real messages from made-up ids: what
 * a REST-hook tool (Zapier and the like) shows its user while they map fields.
 */
export function samplePayload(kind: WebhookEventKind, nowMs: number): unknown {
  if (kind === "customer.erased")
    return JSON.parse(customerErasedMessage(IDS.merchantId, IDS.cardId, nowMs).payload);
  if (kind === "campaign.sent") {
    const sent = campaignSentMessage(
      {
        id: "00000000-0000-4000-8000-000000000006",
        merchantId: IDS.merchantId,
        programId: IDS.programId,
        name: "Pumpkin latte is back",
        audience: { kind: "lapsed", days: 30 },
        startedAt: nowMs - 60_000,
        recipients: 1200,
        listened: 950,
        emailed: 310,
      },
      nowMs,
    );
    return JSON.parse(sent.payload);
  }
  if (kind === "fraud.flagged") {
    const flagged = fraudFlaggedMessage(
      {
        id: "00000000-0000-4000-8000-000000000007",
        merchantId: IDS.merchantId,
        key: `burst-till:till:${IDS.deviceId}:${nowMs - 600_000}`,
        reason: "burst-till",
        subject: { kind: "till", id: IDS.deviceId },
        locationId: "00000000-0000-4000-8000-000000000008",
        windowStart: nowMs - 600_000,
        windowEnd: nowMs,
        count: 42,
        items: [{ id: EVENT_ID, cardId: IDS.cardId }],
        raisedAt: nowMs,
        status: "open",
        reviewedBy: null,
        reviewedAt: null,
        note: null,
        alertedAt: null,
      },
      nowMs,
    );
    return JSON.parse(flagged.payload);
  }
  const event = sampleEvent(kind);
  const inserts: NewEvent[] = event ? [{ event, body: "", placedAt: nowMs }] : [];
  const changes: CardChange[] = event
    ? []
    : [
        {
          cardId: IDS.cardId,
          merchantId: IDS.merchantId,
          storedVouchers: [],
          pass: null,
          snapshots: { dropFrom: null, take: [], pruneBelow: 0 },
          state: {
            ...emptyCardState(SAMPLE_PROGRAM, IDS.cardId),
            cycles: 1,
            lifetimeStamps: SAMPLE_PROGRAM.goal,
            vouchers: [SAMPLE_VOUCHER],
            lastStampHlc: HLC,
          },
        },
      ];
  const message = webhookMessages(inserts, changes, nowMs).find((m) => m.type === kind);
  return message ? JSON.parse(message.payload) : null;
}
