import {
  type CardState,
  type Program,
  parseVoucherId,
  readyRewards,
  type StampEvent,
  type Voucher,
  type VoucherStatus,
  voucherNumbered,
  voucherStatusAt,
} from "@stamp/core";
import type { EventDraft } from "../storage/event-writer";

/**
 * The stamp an "Undo" button takes back: this device's newest stamps.added on the card that no
 * revocation targets yet. Other devices' stamps are left to the merchant's admin pages.
 * `events` are the card's events in fold order.
 */
export function undoableStamp(events: readonly StampEvent[], deviceId: string): StampEvent | null {
  const revoked = new Set<string>();
  for (const event of events) if (event.type === "stamps.revoked") revoked.add(event.targetId);
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i] as StampEvent;
    if (event.type === "stamps.added" && event.deviceId === deviceId && !revoked.has(event.id))
      return event;
  }
  return null;
}

/**
 * The revocation of `target`, the stamp staff saw as the one "Undo" takes back, if it still is on
 * the card as `events` hold it; null when it was taken back or followed by another stamp of this
 * device meanwhile (another tab of the till).
 */
export function undoStillDue(
  events: readonly StampEvent[],
  deviceId: string,
  target: StampEvent,
  reason: string,
): EventDraft | null {
  return undoableStamp(events, deviceId)?.id === target.id ? undoDraft(target, reason) : null;
}

export function undoDraft(target: StampEvent, reason: string): EventDraft {
  return {
    type: "stamps.revoked",
    programId: target.programId,
    cardId: target.cardId,
    targetId: target.id,
    reason,
  };
}

/**
 * A simple reward is handed over; a voucher or lottery prize is redeemed by staff, or with its
 * redeem code once the code was checked at the till (`"code"`).
 */
export function redeemDraft(
  program: Program,
  state: CardState,
  voucher: Voucher,
  method: "staff" | "code" = "staff",
): EventDraft {
  const base = { programId: program.id, cardId: state.cardId, voucherId: voucher.id };
  return voucher.kind === "simple"
    ? { type: "reward.handed_over", ...base }
    : { type: "voucher.redeemed", ...base, method };
}

/**
 * The hand-over or redemption of `voucher`, the reward staff saw ready, if the card as `state`
 * holds it still has it ready at `nowMs`; null when it was redeemed or withdrawn meanwhile
 * (another tab of the till).
 */
export function redeemStillDue(
  program: Program,
  state: CardState,
  voucher: Voucher,
  method: "staff" | "code",
  nowMs: number,
): EventDraft | null {
  const ready = readyRewards(state, nowMs).find((v) => v.id === voucher.id);
  return ready ? redeemDraft(program, state, ready, method) : null;
}

/** The customer has seen a lottery prize (stamp-core SPEC C12). */
export function revealDraft(program: Program, state: CardState, voucher: Voucher): EventDraft {
  return {
    type: "voucher.revealed",
    programId: program.id,
    cardId: state.cardId,
    voucherId: voucher.id,
  };
}

/** Redeem codes as people type them: spaces and case do not matter, nor dashes in generated ones. */
function normalCode(code: string): string {
  return code.replace(/\s+/g, "").toUpperCase();
}

/** Whether a code typed or scanned at the till is this voucher's redeem code. */
export function codeMatches(voucher: Voucher, typed: string): boolean {
  return voucher.code !== undefined && normalCode(typed) === normalCode(voucher.code);
}

/** A scanned voucher as this till knows it: its current state, or not known here (yet). */
export type KnownVoucher =
  | { readonly kind: "known"; readonly voucher: Voucher; readonly status: VoucherStatus }
  | { readonly kind: "unknown" };

export function knownVoucher(state: CardState, voucherId: string, nowMs: number): KnownVoucher {
  const cycle = parseVoucherId(voucherId)?.cycle ?? 0;
  const voucher = voucherNumbered(state, cycle);
  if (!voucher || voucher.id !== voucherId) return { kind: "unknown" };
  return { kind: "known", voucher, status: voucherStatusAt(voucher, nowMs) };
}
