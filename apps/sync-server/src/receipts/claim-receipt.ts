import { type CardView, cardView, type Program } from "@stamp/core";
import { findCard } from "../cards/card-reference";
import { serverEvent } from "../events/server-event";
import { sha256 } from "../secrets/random-token";
import type { Services } from "../services";
import type { ReceiptRecord } from "../storage/store";
import { admitEvent } from "../sync/admission";
import type { Rejection } from "../sync/rejection";

export type ReceiptStatus =
  | { readonly kind: "unknown" }
  | { readonly kind: "used"; readonly receipt: ReceiptRecord }
  | { readonly kind: "expired"; readonly receipt: ReceiptRecord }
  | { readonly kind: "open"; readonly receipt: ReceiptRecord; readonly merchantName: string };

/** What a receipt token stands for right now, for the claim page. */
export async function receiptStatus(services: Services, token: string): Promise<ReceiptStatus> {
  const receipt = await services.store.findReceipt(sha256(token));
  if (!receipt) return { kind: "unknown" };
  if (receipt.claimedAt !== null) return { kind: "used", receipt };
  if (receipt.expiresAt <= services.now()) return { kind: "expired", receipt };
  const merchant = await services.store.getMerchant(receipt.merchantId);
  return { kind: "open", receipt, merchantName: merchant?.name ?? "" };
}

export type ClaimResult =
  | {
      readonly kind: "claimed";
      readonly count: number;
      readonly card: CardView;
      readonly program: Program;
    }
  | { readonly kind: "unknown" | "used" | "expired" }
  | { readonly kind: "bad-card"; readonly reason: "not-found" | "bad-code" | "other-program" }
  | { readonly kind: "refused"; readonly rejection: Rejection };

/**
 * Claims a receipt for a card. The claim is one conditional UPDATE committed with the stamp event,
 * so of two people claiming at once exactly one gets the stamps.
 */
export async function claimReceipt(
  services: Services,
  token: string,
  cardReference: string,
): Promise<ClaimResult> {
  const status = await receiptStatus(services, token);
  if (status.kind !== "open") return { kind: status.kind };
  const { receipt } = status;
  const found = await findCard(services, receipt.merchantId, cardReference);
  if (!found.ok) return { kind: "bad-card", reason: found.reason };
  if (found.card.programId !== receipt.programId)
    return { kind: "bad-card", reason: "other-program" };
  const event = await serverEvent(services, receipt.merchantId, "stamps.added", {
    programId: receipt.programId,
    cardId: found.card.id,
    count: receipt.count,
    channel: "receipt",
    programVersion: found.program.version,
    ...(receipt.amount === null || receipt.currency === null
      ? {}
      : { amount: receipt.amount, currency: receipt.currency }),
    ...(receipt.orderRef === null ? {} : { orderRef: receipt.orderRef }),
  });
  const now = services.now();
  const claim = await services.store.claimReceipt(receipt.id, {
    merchantId: receipt.merchantId,
    events: [event],
    admit: admitEvent,
    now,
  });
  if (!claim.ok) return { kind: claim.reason };
  const { outcome } = claim;
  switch (outcome.status) {
    case "accepted":
      return {
        kind: "claimed",
        count: receipt.count,
        card: cardView(outcome.state, now),
        program: found.program,
      };
    case "rejected":
      return { kind: "refused", rejection: outcome.rejection };
    case "duplicate":
      throw new Error(`fresh receipt event ${outcome.id} was already stored`);
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
    }
  }
}
