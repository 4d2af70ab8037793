import { type CardState, type VoucherStatus, voucherStatusAt } from "./card-state";
import { msToIso } from "./iso-time";

export interface VoucherView {
  readonly id: string;
  readonly cycle: number;
  readonly kind: "simple" | "voucher" | "lottery";
  readonly title: string;
  readonly status: VoucherStatus;
  readonly issuedAt: string;
  readonly expiresAt?: string;
  readonly code?: string;
  readonly prize?: { readonly id: string; readonly title: string };
  readonly redeemedAt?: string;
}

/** What people and APIs see of a card: the wire shape of `GET /api/v1/cards/:id` and the kiosk screen. */
export interface CardView {
  readonly cardId: string;
  readonly programId: string;
  readonly stamps: number;
  readonly goal: number;
  readonly cycles: number;
  readonly lifetimeStamps: number;
  readonly blocked: boolean;
  readonly vouchers: readonly VoucherView[];
  /** Vouchers ready to use now. */
  readonly rewardsReady: number;
  readonly conflicts: number;
}

export function cardView(state: CardState, nowMs: number): CardView {
  const vouchers = state.vouchers.map((v): VoucherView => {
    const status = voucherStatusAt(v, nowMs);
    return {
      id: v.id,
      cycle: v.cycle,
      kind: v.kind,
      title: v.title,
      status,
      issuedAt: v.issuedAt,
      ...(v.expiresAtMs === undefined ? {} : { expiresAt: msToIso(v.expiresAtMs) }),
      ...(v.code === undefined ? {} : { code: v.code }),
      ...(v.prize === undefined ? {} : { prize: v.prize }),
      ...(v.redeemedAt === undefined ? {} : { redeemedAt: v.redeemedAt }),
    };
  });
  return {
    cardId: state.cardId,
    programId: state.programId,
    stamps: state.stamps,
    goal: state.goal,
    cycles: state.cycles,
    lifetimeStamps: state.lifetimeStamps,
    blocked: state.blocked,
    vouchers,
    rewardsReady: vouchers.filter((v) => v.status === "issued").length,
    conflicts: state.conflicts.length,
  };
}
