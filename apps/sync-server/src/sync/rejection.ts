/** Why the server refused one event of a batch; the device shows the message to staff. */
export const REJECTION_CODES = [
  "invalid-event",
  "wrong-device",
  "wrong-merchant",
  "unknown-program",
  "unknown-card",
  "program-mismatch",
  "unknown-program-version",
  "id-conflict",
  "card-blocked",
  "cooldown",
  "visit-cap",
  "daily-cap",
  // Only for redemptions made on the server (API, admin): it knows the voucher's state for sure,
  // so it refuses there what a device offline can only flag (stamp-core SPEC C8).
  "voucher-not-found",
  "voucher-already-redeemed",
  "voucher-expired",
  "voucher-withdrawn",
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface Rejection {
  readonly code: RejectionCode;
  readonly message: string;
}

export function rejection(code: RejectionCode, message: string): Rejection {
  return { code, message };
}
