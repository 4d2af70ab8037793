import {
  allVouchers,
  type CardState,
  type Voucher,
  type VoucherStatus,
  voucherStatusAt,
} from "./card-state";
import { msToIso } from "./iso-time";
import type { Redemption } from "./program";

export interface VoucherView {
  readonly id: string;
  readonly cycle: number;
  readonly kind: "simple" | "voucher" | "lottery";
  readonly title: string;
  readonly status: VoucherStatus;
  readonly issuedAt: string;
  /** The program version whose reward it carries (SPEC T3). */
  readonly programVersion: number;
  /** How it is redeemed; absent for simple rewards, which staff hand over. */
  readonly redemption?: Redemption;
  readonly expiresAt?: string;
  readonly code?: string;
  readonly prize?: { readonly id: string; readonly title: string };
  readonly redeemedAt?: string;
  /** The event that redeemed it (or handed it over). */
  readonly redeemedBy?: string;
  readonly redeemMethod?: Voucher["redeemMethod"];
  /** When the customer revealed a lottery prize (its scratch or spin). */
  readonly revealedAt?: string;
  /** When the server reminded the customer that it expires soon (SPEC X4). */
  readonly remindedAt?: string;
  /** Why the server granted it outside the cycles (SPEC G1): a birthday treat, a win-back offer. */
  readonly grantReason?: Voucher["grantReason"];
}

/** What people and APIs see of a card: the wire shape of `GET /api/v1/cards/:id` and the kiosk screen. */
export interface CardView {
  readonly cardId: string;
  readonly programId: string;
  readonly stamps: number;
  readonly goal: number;
  readonly cycles: number;
  readonly lifetimeStamps: number;
  /** Stamps that expired for want of a visit (SPEC X3); `stampsExpiredAt` is when they last did. */
  readonly expiredStamps: number;
  readonly stampsExpiredAt?: string;
  readonly blocked: boolean;
  readonly vouchers: readonly VoucherView[];
  /** Vouchers ready to use now. */
  readonly rewardsReady: number;
  readonly conflicts: number;
}

/**
 * What the customer calls a reward: a lottery prize once revealed (SPEC C12), else its title.
 * Staff always see the prize.
 */
export function customerTitle(voucher: {
  readonly title: string;
  readonly prize?: { readonly title: string };
  readonly revealedAt?: string;
}): string {
  return voucher.prize && voucher.revealedAt !== undefined ? voucher.prize.title : voucher.title;
}

/** What people and APIs see of one voucher at `nowMs`. */
export function voucherView(v: Voucher, nowMs: number): VoucherView {
  return {
    id: v.id,
    cycle: v.cycle,
    kind: v.kind,
    title: v.title,
    status: voucherStatusAt(v, nowMs),
    issuedAt: v.issuedAt,
    programVersion: v.programVersion,
    ...(v.redemption === undefined ? {} : { redemption: v.redemption }),
    ...(v.expiresAtMs === undefined ? {} : { expiresAt: msToIso(v.expiresAtMs) }),
    ...(v.code === undefined ? {} : { code: v.code }),
    ...(v.prize === undefined ? {} : { prize: v.prize }),
    ...(v.redeemedAt === undefined ? {} : { redeemedAt: v.redeemedAt }),
    ...(v.redeemedBy === undefined ? {} : { redeemedBy: v.redeemedBy }),
    ...(v.redeemMethod === undefined ? {} : { redeemMethod: v.redeemMethod }),
    ...(v.revealedAt === undefined ? {} : { revealedAt: v.revealedAt }),
    ...(v.remindedAt === undefined ? {} : { remindedAt: v.remindedAt }),
    ...(v.grantReason === undefined ? {} : { grantReason: v.grantReason }),
  };
}

export function cardView(state: CardState, nowMs: number): CardView {
  const vouchers = allVouchers(state).map((v) => voucherView(v, nowMs));
  return {
    cardId: state.cardId,
    programId: state.programId,
    stamps: state.stamps,
    goal: state.goal,
    cycles: state.cycles,
    lifetimeStamps: state.lifetimeStamps,
    expiredStamps: state.expiredStamps,
    ...(state.stampsExpiredAt === null ? {} : { stampsExpiredAt: state.stampsExpiredAt }),
    blocked: state.blocked,
    vouchers,
    rewardsReady: vouchers.filter((v) => v.status === "issued").length,
    conflicts: state.conflicts.length,
  };
}
