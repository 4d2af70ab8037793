/**
 * Why the server refused one event a device pushed: the `code` of each `rejected` item of a sync
 * answer (apps/sync-server API.md). One list for the server that sends them and the till that
 * says them in its own words.
 */
export const REJECTION_CODES = [
  "invalid-event",
  "wrong-device",
  "wrong-merchant",
  "unknown-program",
  "unknown-card",
  "program-mismatch",
  "unknown-program-version",
  "id-conflict",
  // What only the server makes (channels receipt/pos/api, enrolment, blocks, pos/self redemptions).
  "server-only",
  "scan-cap",
  "revoke-target-unknown",
  // A staffId that never was a staff member of the merchant at the device's location (SPEC V9).
  "unknown-staff",
  // Dated before 2000 or too far ahead of the server (SPEC H5): set the clock, stamp again.
  "device-clock-wrong",
  "card-blocked",
  "cooldown",
  "visit-cap",
  "daily-cap",
  // A redemption naming a voucher the card has not earned, from anyone.
  "voucher-not-found",
  // Only for redemptions made on the server (API, admin): it knows the voucher's state for sure,
  // so it refuses there what a device offline can only flag (stamp-core SPEC C8).
  "voucher-already-redeemed",
  "voucher-expired",
  "voucher-withdrawn",
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];

export function isRejectionCode(code: string): code is RejectionCode {
  return (REJECTION_CODES as readonly string[]).includes(code);
}
