import { errorJson, type Problem, problem, statusOf } from "../http/api-error";
import { jsonStored, problemStored } from "../http/stored-response";
import type { Services } from "../services";
import type { Answer, IdempotencyKey } from "../storage/store";
import type { Rejection } from "../sync/rejection";
import { findVoucher } from "./find-voucher";
import { admitServerRedemption, redemptionEvent } from "./server-redemption";
import { placeOfDevice, redemptionPlace, voucherJson } from "./voucher-json";

export interface RedeemRequest {
  readonly code: string;
  /** The card, when the code is a fixed one many cards share. */
  readonly card?: string | undefined;
}

/**
 * Redeems a voucher for a POS: finds it by code and appends a server-made `voucher.redeemed`
 * (method "pos"; a simple reward is handed over). The voucher's state is checked in the same
 * transaction as the append, so of many redemptions at once exactly one wins; the others get
 * 409 with when and where it was redeemed.
 */
export async function redeemVoucher(
  services: Services,
  merchantId: string,
  request: RedeemRequest,
  idempotency: IdempotencyKey,
): Promise<Answer | Problem> {
  const found = await findVoucher(services, merchantId, request.code, request.card);
  if (!found.ok) return found.problem;
  const { card, voucher } = found;
  const event = await redemptionEvent(services, card, voucher, "pos");
  const here = await placeOfDevice(services, await services.store.getServerDevice(merchantId));
  const now = services.now();
  let refused: Rejection | null = null;
  const answer = await services.store.appendServerEvent(
    { merchantId, events: [event], admit: admitServerRedemption(voucher, now), now },
    (outcome) => {
      switch (outcome.status) {
        case "accepted":
          return jsonStored(200, voucherJson(outcome.state, voucher, here, now));
        case "rejected":
          refused = outcome.rejection;
          return problemStored(outcome.rejection);
        case "duplicate":
          return problemStored(problem("id-conflict", "this redemption was already stored"));
        default: {
          const unreachable: never = outcome;
          throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
        }
      }
    },
    idempotency,
  );
  if (refused === null) return answer;
  // A refusal says what happened to the voucher, read after the transaction (refusals are not kept).
  const rejection: Rejection = refused;
  const after = (await services.store.getCard(merchantId, card.id)) ?? card;
  const place = await redemptionPlace(services, after.state, voucher);
  const { voucher: shown } = voucherJson(after.state, voucher, place, services.now());
  return {
    kind: "answer",
    response: {
      status: statusOf(rejection.code),
      body: JSON.stringify({
        error: { ...errorJson(rejection.code, rejection.message).error, voucher: shown },
      }),
    },
  };
}
