import { type CardState, hlcMillis, type Voucher, voucherStatusAt } from "@stamp/core";
import type { Admit } from "../storage/store";
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
  const current = state.vouchers[voucher.cycle - 1];
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
