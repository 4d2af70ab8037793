import type { KnownVoucher } from "./card-actions";

/** What an unattended till does with a voucher's scanned code, and says. */
export type VoucherScanOutcome =
  /** Autopilot redeemed it: the cashier's scan is the confirmation. */
  | "redeemed"
  /** Kiosk: shown to the customer, who asks the staff for it. */
  | "ready"
  | "used"
  | "expired"
  | "withdrawn"
  /** Not on this till yet (it has not synced the stamps that earned it). */
  | "unknown"
  /** Autopilot does not redeem what the customer redeems on the phone … */
  | "self"
  /** … or what is redeemed with a code checked at the Staff Scanner. */
  | "code";

/**
 * The rule for a voucher scanned where nobody confirms on screen (kiosk README § Vouchers): the
 * Autopilot redeems a staff-scan voucher or a simple reward at once — a cashier pointed the scanner
 * at it — and leaves the others to their own way; the Kiosk only shows the customer the reward.
 */
export function voucherScanOutcome(
  known: KnownVoucher,
  channel: "kiosk" | "autopilot",
): VoucherScanOutcome {
  if (known.kind === "unknown") return "unknown";
  switch (known.status) {
    case "redeemed":
      return "used";
    case "expired":
    case "withdrawn":
      return known.status;
    case "issued":
      break;
    default: {
      const unreachable: never = known.status;
      return unreachable;
    }
  }
  if (channel === "kiosk") return "ready";
  const method = known.voucher.redemption?.method;
  return method === "self" || method === "code" ? method : "redeemed";
}
