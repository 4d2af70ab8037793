import type { CardState, Voucher } from "./card-state";
import { allVouchers, voucherStatusAt } from "./card-state";
import type { Channel } from "./channel";
import { hlcMillis } from "./hlc";
import { type EarningRule, maxStampsPerScan, type Program } from "./program";

export interface Order {
  /** Ticket total in minor units (cents); required by by-amount programs. */
  readonly amount?: number;
  readonly currency?: string;
}

export type EarnError =
  | { readonly code: "amount-required" }
  | { readonly code: "invalid-amount" }
  | { readonly code: "currency-mismatch"; readonly expected: string }
  | { readonly code: "below-minimum"; readonly unitAmount: number };

export type Earned =
  | { readonly ok: true; readonly count: number }
  | { readonly ok: false; readonly error: EarnError };

/**
 * Stamps one order earns (SPEC E1–E3). By-amount drops the remainder: a carried remainder would be
 * spent twice by two tills that are offline at once, and a dropped one cannot.
 */
export function stampsForOrder(rule: EarningRule, order: Order): Earned {
  switch (rule.kind) {
    case "per-order":
      return { ok: true, count: rule.stampsPerOrder };
    case "by-amount": {
      if (order.amount === undefined) return { ok: false, error: { code: "amount-required" } };
      if (!Number.isSafeInteger(order.amount) || order.amount < 0)
        return { ok: false, error: { code: "invalid-amount" } };
      if (order.currency !== undefined && order.currency !== rule.currency)
        return { ok: false, error: { code: "currency-mismatch", expected: rule.currency } };
      const count = Math.floor(order.amount / rule.unitAmount);
      if (count < 1)
        return { ok: false, error: { code: "below-minimum", unitAmount: rule.unitAmount } };
      return { ok: true, count };
    }
    default: {
      const unreachable: never = rule;
      return unreachable;
    }
  }
}

export type StampRefusal =
  | { readonly code: "card-blocked" }
  | { readonly code: "cooldown"; readonly retryAfterMs: number }
  | { readonly code: "scan-cap"; readonly max: number }
  | { readonly code: "visit-cap"; readonly max: number }
  | { readonly code: "daily-cap"; readonly max: number; readonly retryAfterMs: number };

export type StampDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly refusal: StampRefusal };

export interface StampAttempt {
  readonly channel: Channel;
  readonly count: number;
  readonly nowMs: number;
}

const DAY_MS = 86_400_000;

/**
 * Whether a stamp may be added now (SPEC R1–R3, R7). One scan at a till adds at most the program's
 * `maxStampsPerScan` on every device channel. Limits bind only the program's limited channels;
 * the cooldown counts from the card's last stamp on any channel, so a customer stamped by staff
 * cannot stamp again at the kiosk on the same visit. "Per day" is a rolling 24 hours.
 */
export function checkStamp(
  program: Program,
  state: CardState,
  attempt: StampAttempt,
): StampDecision {
  if (state.blocked) return { ok: false, refusal: { code: "card-blocked" } };
  const perScan = maxStampsPerScan(program, attempt.channel);
  if (perScan !== null && attempt.count > perScan)
    return { ok: false, refusal: { code: "scan-cap", max: perScan } };
  const limits = program.limits;
  if (!limits.channels.includes(attempt.channel)) return { ok: true };
  if (limits.maxStampsPerVisit !== undefined && attempt.count > limits.maxStampsPerVisit)
    return { ok: false, refusal: { code: "visit-cap", max: limits.maxStampsPerVisit } };
  const cooldownMs = limits.cooldownSeconds * 1000;
  const sinceLast =
    state.lastStampHlc === null
      ? Number.POSITIVE_INFINITY
      : attempt.nowMs - hlcMillis(state.lastStampHlc);
  if (cooldownMs > 0 && sinceLast < cooldownMs)
    return { ok: false, refusal: { code: "cooldown", retryAfterMs: cooldownMs - sinceLast } };
  if (limits.maxStampsPerDay !== undefined) {
    const lastDay = state.limitedStamps.filter((s) => s.ms > attempt.nowMs - DAY_MS);
    const used = lastDay.reduce((sum, s) => sum + s.count, 0);
    if (used + attempt.count > limits.maxStampsPerDay) {
      const oldest = lastDay[0];
      const retryAfterMs = oldest ? oldest.ms + DAY_MS - attempt.nowMs : DAY_MS;
      return {
        ok: false,
        refusal: { code: "daily-cap", max: limits.maxStampsPerDay, retryAfterMs },
      };
    }
  }
  return { ok: true };
}

/** A stamp at the time the server places it (SPEC R8), whatever its device's clock said. */
export interface PlacedStamp {
  readonly ms: number;
  readonly count: number;
  readonly channel: Channel;
}

/**
 * The limits once more, in the server's time (SPEC R8): a stamp on a limited channel placed at
 * `attempt.nowMs` among the card's other stamps as placed (`placed`, any order). The cooldown holds
 * against the nearest stamp on either side, on any channel; the daily cap over every rolling 24 h
 * that holds the stamp. A stamp placed late (an offline till) must fit between the others.
 */
export function checkPlacedStamp(
  program: Program,
  placed: readonly PlacedStamp[],
  attempt: StampAttempt,
): StampDecision {
  const limits = program.limits;
  if (!limits.channels.includes(attempt.channel)) return { ok: true };
  const at = attempt.nowMs;
  const cooldownMs = limits.cooldownSeconds * 1000;
  let wait = 0;
  for (const other of placed)
    if (Math.abs(other.ms - at) < cooldownMs) wait = Math.max(wait, other.ms + cooldownMs - at);
  if (wait > 0) return { ok: false, refusal: { code: "cooldown", retryAfterMs: wait } };
  const max = limits.maxStampsPerDay;
  if (max === undefined) return { ok: true };
  const limited = placed.filter((s) => limits.channels.includes(s.channel));
  // Every 24 h window holding `at` ends at `at` or at a later stamp less than a day after it.
  const ends = [at, ...limited.filter((s) => s.ms > at && s.ms < at + DAY_MS).map((s) => s.ms)];
  for (const end of ends) {
    const inWindow = limited.filter((s) => s.ms > end - DAY_MS && s.ms <= end);
    const used = inWindow.reduce((sum, s) => sum + s.count, 0);
    if (used + attempt.count > max) {
      const oldest = inWindow.length > 0 ? Math.min(...inWindow.map((s) => s.ms)) : at;
      return {
        ok: false,
        refusal: { code: "daily-cap", max, retryAfterMs: Math.max(1, oldest + DAY_MS - at) },
      };
    }
  }
  return { ok: true };
}

/** Vouchers the customer can use now, oldest first (SPEC R6). */
export function readyRewards(state: CardState, nowMs: number): Voucher[] {
  return allVouchers(state).filter((v) => voucherStatusAt(v, nowMs) === "issued");
}
