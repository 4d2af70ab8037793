import type { Channel } from "./channel";
import type { RedeemMethod, StampEvent } from "./events";
import { hlcMillis } from "./hlc";
import { compareEvents } from "./order";
import type { Program } from "./program";
import { lotteryPrize, voucherCode } from "./reward-outcome";
import { voucherIdFor } from "./voucher-id";

const DAY_MS = 86_400_000;

export type VoucherStatus = "issued" | "redeemed" | "expired" | "withdrawn";

export interface Voucher {
  readonly id: string;
  readonly cycle: number;
  readonly kind: Program["reward"]["kind"];
  readonly title: string;
  /** Stored status; "expired" is time-dependent, see voucherStatusAt. */
  readonly status: Exclude<VoucherStatus, "expired">;
  /** HLC of the event that completed the cycle. */
  readonly issuedAt: string;
  readonly expiresAtMs?: number;
  readonly code?: string;
  readonly prize?: { readonly id: string; readonly title: string };
  readonly redeemedAt?: string;
  readonly redeemedBy?: string;
  readonly redeemMethod?: RedeemMethod | "handover";
}

export type ConflictKind =
  | "double-redemption"
  | "unknown-voucher"
  | "voucher-expired"
  | "voucher-withdrawn"
  | "revoked-after-redemption"
  | "stamps-while-blocked"
  | "revoke-repeated";

/** Something two replicas did that cannot both stand; kept and shown to the merchant, never dropped (SPEC C8). */
export interface Conflict {
  readonly kind: ConflictKind;
  readonly eventId: string;
  readonly hlc: string;
  readonly voucherId?: string;
  /** The event that won, for double redemptions and repeated revokes. */
  readonly winnerId?: string;
}

export interface Grant {
  readonly count: number;
  /** False when the stamps arrived while the card was blocked. */
  readonly counted: boolean;
  readonly revokedBy?: string;
}

export interface RecentStamp {
  readonly ms: number;
  readonly count: number;
  readonly channel: Channel;
}

export interface CardState {
  readonly cardId: string;
  readonly programId: string;
  readonly merchantId: string;
  readonly goal: number;
  readonly enrolledAt?: string;
  readonly blocked: boolean;
  /** Stamps in the current cycle: 0 ≤ stamps < goal. */
  readonly stamps: number;
  /** Completed cycles. */
  readonly cycles: number;
  /** Net stamps that count: stamps + cycles × goal (SPEC C2). */
  readonly lifetimeStamps: number;
  /** Stamps that arrived while the card was blocked, net of their revocations. */
  readonly ignoredStamps: number;
  readonly vouchers: readonly Voucher[];
  readonly conflicts: readonly Conflict[];
  /** stamps.added events by id, so that a revocation knows what to take back. */
  readonly grants: Readonly<Record<string, Grant>>;
  /** Revocations seen before their target (a skewed clock can do that); applied when it arrives. */
  readonly pendingRevokes: Readonly<Record<string, string>>;
  /** Stamps within 24 h of the newest one, for cooldown and daily caps. */
  readonly recentStamps: readonly RecentStamp[];
  readonly eventCount: number;
  /** Position of the newest folded event: later events can be applied incrementally. */
  readonly last: { readonly hlc: string; readonly id: string } | null;
}

export function emptyCardState(program: Program, cardId: string): CardState {
  return {
    cardId,
    programId: program.id,
    merchantId: program.merchantId,
    goal: program.goal,
    blocked: false,
    stamps: 0,
    cycles: 0,
    lifetimeStamps: 0,
    ignoredStamps: 0,
    vouchers: [],
    conflicts: [],
    grants: {},
    pendingRevokes: {},
    recentStamps: [],
    eventCount: 0,
    last: null,
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Draft = Mutable<
  Omit<CardState, "vouchers" | "conflicts" | "grants" | "pendingRevokes" | "recentStamps">
> & {
  vouchers: Voucher[];
  conflicts: Conflict[];
  grants: Record<string, Grant>;
  pendingRevokes: Record<string, string>;
  recentStamps: RecentStamp[];
};

function draftOf(state: CardState): Draft {
  return {
    ...state,
    vouchers: [...state.vouchers],
    conflicts: [...state.conflicts],
    grants: { ...state.grants },
    pendingRevokes: { ...state.pendingRevokes },
    recentStamps: [...state.recentStamps],
  };
}

function newVoucher(program: Program, cardId: string, cycle: number, issuedAt: string): Voucher {
  const id = voucherIdFor(cardId, cycle);
  const reward = program.reward;
  const base = {
    id,
    cycle,
    kind: reward.kind,
    title: reward.title,
    status: "issued" as const,
    issuedAt,
  };
  if (reward.kind === "simple") return base;
  const code = voucherCode(program, id);
  const prize =
    reward.kind === "lottery" ? lotteryPrize(reward.seed, id, reward.prizes) : undefined;
  return {
    ...base,
    ...(reward.validDays === undefined
      ? {}
      : { expiresAtMs: hlcMillis(issuedAt) + reward.validDays * DAY_MS }),
    ...(code === undefined ? {} : { code }),
    ...(prize === undefined ? {} : { prize: { id: prize.id, title: prize.title } }),
  };
}

/** Moves the counted total by `delta` and issues or withdraws the vouchers of the cycles crossed (SPEC C3, C4). */
function shiftStamps(program: Program, d: Draft, delta: number, event: StampEvent): void {
  d.lifetimeStamps += delta;
  d.cycles = Math.floor(d.lifetimeStamps / d.goal);
  d.stamps = d.lifetimeStamps - d.cycles * d.goal;
  for (let cycle = 1; cycle <= d.cycles; cycle++) {
    const existing = d.vouchers[cycle - 1];
    if (!existing) d.vouchers.push(newVoucher(program, d.cardId, cycle, event.hlc));
    else if (existing.status === "withdrawn")
      d.vouchers[cycle - 1] = newVoucher(program, d.cardId, cycle, event.hlc);
  }
  for (let cycle = d.cycles + 1; cycle <= d.vouchers.length; cycle++) {
    const voucher = d.vouchers[cycle - 1] as Voucher;
    if (voucher.status === "issued") d.vouchers[cycle - 1] = { ...voucher, status: "withdrawn" };
    else if (voucher.status === "redeemed" && delta < 0)
      d.conflicts.push({
        kind: "revoked-after-redemption",
        eventId: event.id,
        hlc: event.hlc,
        voucherId: voucher.id,
      });
  }
}

function revoke(program: Program, d: Draft, targetId: string, event: StampEvent): void {
  const grant = d.grants[targetId];
  if (!grant) {
    d.pendingRevokes[targetId] = event.id;
    return;
  }
  if (grant.revokedBy !== undefined) {
    d.conflicts.push({
      kind: "revoke-repeated",
      eventId: event.id,
      hlc: event.hlc,
      winnerId: grant.revokedBy,
    });
    return;
  }
  d.grants[targetId] = { ...grant, revokedBy: event.id };
  if (grant.counted) shiftStamps(program, d, -grant.count, event);
  else d.ignoredStamps -= grant.count;
}

function redeem(
  d: Draft,
  voucherId: string,
  method: RedeemMethod | "handover",
  event: StampEvent,
): void {
  const index = d.vouchers.findIndex((v) => v.id === voucherId);
  const voucher = d.vouchers[index];
  const refuse = (kind: ConflictKind, winnerId?: string): void => {
    d.conflicts.push({
      kind,
      eventId: event.id,
      hlc: event.hlc,
      voucherId,
      ...(winnerId === undefined ? {} : { winnerId }),
    });
  };
  if (!voucher) {
    refuse("unknown-voucher");
    return;
  }
  switch (voucher.status) {
    case "redeemed":
      refuse("double-redemption", voucher.redeemedBy);
      return;
    case "withdrawn":
      refuse("voucher-withdrawn");
      return;
    case "issued":
      if (voucher.expiresAtMs !== undefined && hlcMillis(event.hlc) > voucher.expiresAtMs) {
        refuse("voucher-expired");
        return;
      }
      d.vouchers[index] = {
        ...voucher,
        status: "redeemed",
        redeemedAt: event.hlc,
        redeemedBy: event.id,
        redeemMethod: method,
      };
      return;
    default: {
      const unreachable: never = voucher.status;
      throw new Error(`unknown voucher status ${unreachable}`);
    }
  }
}

function rememberStamp(d: Draft, ms: number, count: number, channel: Channel): void {
  // Events arrive in HLC order, so this stamp is the newest one.
  d.recentStamps.push({ ms, count, channel });
  while ((d.recentStamps[0] as RecentStamp).ms <= ms - DAY_MS) d.recentStamps.shift();
}

/** Applies one event to a draft that only this fold can see. */
function applyInPlace(program: Program, d: Draft, event: StampEvent): void {
  switch (event.type) {
    case "card.enrolled":
      d.enrolledAt ??= event.hlc;
      break;
    case "stamps.added": {
      const counted = !d.blocked;
      d.grants[event.id] = { count: event.count, counted };
      if (counted) {
        shiftStamps(program, d, event.count, event);
        rememberStamp(d, hlcMillis(event.hlc), event.count, event.channel);
      } else {
        d.ignoredStamps += event.count;
        d.conflicts.push({ kind: "stamps-while-blocked", eventId: event.id, hlc: event.hlc });
      }
      const pending = d.pendingRevokes[event.id];
      if (pending !== undefined) {
        delete d.pendingRevokes[event.id];
        revoke(program, d, event.id, { ...event, id: pending });
      }
      break;
    }
    case "stamps.revoked":
      revoke(program, d, event.targetId, event);
      break;
    case "voucher.redeemed":
      redeem(d, event.voucherId, event.method, event);
      break;
    case "reward.handed_over":
      redeem(d, event.voucherId, "handover", event);
      break;
    case "card.blocked":
      d.blocked = true;
      break;
    case "card.unblocked":
      d.blocked = false;
      break;
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
    }
  }
  d.eventCount += 1;
  d.last = { hlc: event.hlc, id: event.id };
}

/** True when `event` sorts after everything folded into `state`, so `applyEvent` may take it. */
export function isInOrder(state: CardState, event: StampEvent): boolean {
  return state.last === null || compareEvents(state.last, event) < 0;
}

/**
 * Incremental fold step (SPEC C1). Only for events that sort after `state.last`; for an earlier
 * event, refold the card with foldCard.
 */
export function applyEvent(program: Program, state: CardState, event: StampEvent): CardState {
  if (!isInOrder(state, event)) {
    throw new Error(`event ${event.id} sorts before the card's last event: refold the card`);
  }
  const d = draftOf(state);
  applyInPlace(program, d, event);
  return d;
}

/** The card's state from all its events, in any order and with duplicates (SPEC C1, L2). */
export function foldCard(
  program: Program,
  cardId: string,
  events: readonly StampEvent[],
): CardState {
  const d = draftOf(emptyCardState(program, cardId));
  const sorted = [...events].sort(compareEvents);
  let previous: StampEvent | undefined;
  for (const event of sorted) {
    if (previous && previous.id === event.id) continue;
    applyInPlace(program, d, event);
    previous = event;
  }
  return d;
}

/** A voucher's status at a moment: issued vouchers past their validity read as expired (SPEC C7). */
export function voucherStatusAt(voucher: Voucher, nowMs: number): VoucherStatus {
  if (
    voucher.status === "issued" &&
    voucher.expiresAtMs !== undefined &&
    nowMs > voucher.expiresAtMs
  )
    return "expired";
  return voucher.status;
}
