import {
  type CardState,
  hlcMillis,
  type StampEvent,
  type Voucher,
  voucherNumbered,
  voucherStatusAt,
} from "@stamp/core";
import { serverEvent } from "../events/server-event";
import type { Services } from "../services";
import type { Admit, CardRecord } from "../storage/store";
import { admitEvent } from "../sync/admission";
import { type Rejection, rejection } from "../sync/rejection";

/**
 * Whether a voucher can be redeemed now, as the server knows it. Offline tills can only flag a
 * second redemption (stamp-core SPEC C8); the server is online for API and admin redemptions and
 * refuses it instead, inside the transaction that would append the event.
 */
export function voucherRefusal(
  state: CardState,
  voucher: Voucher,
  nowMs: number,
): Rejection | null {
  const current = voucherNumbered(state, voucher.cycle);
  if (!current || current.id !== voucher.id)
    return rejection("voucher-not-found", "no voucher has this code");
  const status = voucherStatusAt(current, nowMs);
  switch (status) {
    case "issued":
      return null;
    case "redeemed":
      return rejection(
        "voucher-already-redeemed",
        `this voucher was redeemed at ${new Date(hlcMillis(current.redeemedAt ?? current.issuedAt)).toISOString()}`,
      );
    case "expired":
      return rejection(
        "voucher-expired",
        `this voucher expired at ${new Date(current.expiresAtMs ?? 0).toISOString()}`,
      );
    case "withdrawn":
      return rejection(
        "voucher-withdrawn",
        "this voucher was withdrawn: the stamps that earned it were undone",
      );
    default: {
      const unreachable: never = status;
      throw new Error(`unknown voucher status ${unreachable}`);
    }
  }
}

/** Admission of a server-made redemption: the event's own checks, then the voucher's state. */
export function admitServerRedemption(voucher: Voucher, nowMs: number): Admit {
  return (input) =>
    admitEvent(input) ?? (input.card ? voucherRefusal(input.card.state, voucher, nowMs) : null);
}

/** The event a server-side redemption makes: a simple reward is handed over, others redeemed. */
export function redemptionEvent(
  services: Services,
  card: Pick<CardRecord, "id" | "merchantId" | "programId">,
  voucher: Voucher,
  method: "pos" | "staff",
) {
  const fields = { programId: card.programId, cardId: card.id, voucherId: voucher.id };
  return voucher.kind === "simple"
    ? serverEvent(services, card.merchantId, "reward.handed_over", fields)
    : serverEvent(services, card.merchantId, "voucher.redeemed", { ...fields, method });
}

/** Appends one server-made event outside any API answer: its refusal, or null when it is in the log. */
export async function appendServerMade(
  services: Services,
  merchantId: string,
  event: StampEvent,
  admit: Admit,
): Promise<Rejection | null> {
  let refused: Rejection | null = null;
  await services.store.appendServerEvent(
    { merchantId, events: [event], admit, now: services.now() },
    (outcome) => {
      if (outcome.status === "rejected") refused = outcome.rejection;
      return { status: 200, body: "" };
    },
  );
  return refused;
}

/** Redeems a voucher for staff at the admin pages; the refusal when it cannot be, else null. */
export async function redeemForStaff(
  services: Services,
  card: CardRecord,
  voucher: Voucher,
): Promise<Rejection | null> {
  const event = await redemptionEvent(services, card, voucher, "staff");
  return appendServerMade(
    services,
    card.merchantId,
    event,
    admitServerRedemption(voucher, services.now()),
  );
}
