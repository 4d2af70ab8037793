import * as v from "valibot";
import type { CardState } from "./card-state";
import { CHANNELS } from "./channel";
import {
  EventIdSchema,
  GRANT_REASONS,
  HlcSchema,
  REDEEM_METHODS,
  UuidSchema,
  VoucherIdSchema,
} from "./events";
import { RedemptionSchema, type Reward } from "./program";
import { type Parsed, parseWith } from "./validation";

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const anyCount = v.pipe(v.number(), v.integer());
const REWARD_KINDS = ["simple", "voucher", "lottery"] as const satisfies readonly Reward["kind"][];

const VoucherSchema = v.object({
  id: VoucherIdSchema,
  cycle: v.pipe(v.number(), v.integer(), v.minValue(1)),
  kind: v.picklist(REWARD_KINDS),
  title: v.string(),
  status: v.picklist(["issued", "redeemed", "expired", "withdrawn"]),
  issuedAt: HlcSchema,
  programVersion: v.pipe(v.number(), v.integer(), v.minValue(0)),
  grantReason: v.optional(v.picklist(GRANT_REASONS)),
  redemption: v.optional(RedemptionSchema),
  expiresAtMs: v.optional(anyCount),
  code: v.optional(v.string()),
  prize: v.optional(v.object({ id: v.string(), title: v.string() })),
  redeemedAt: v.optional(HlcSchema),
  redeemedBy: v.optional(EventIdSchema),
  redeemMethod: v.optional(v.picklist([...REDEEM_METHODS, "handover"])),
  revealedAt: v.optional(HlcSchema),
  remindedAt: v.optional(HlcSchema),
});

const ConflictSchema = v.object({
  kind: v.picklist([
    "double-redemption",
    "unknown-voucher",
    "voucher-expired",
    "voucher-withdrawn",
    "revoked-after-redemption",
    "stamps-while-blocked",
    "revoke-repeated",
  ]),
  eventId: EventIdSchema,
  hlc: HlcSchema,
  voucherId: v.optional(v.string()),
  winnerId: v.optional(EventIdSchema),
});

/**
 * A card's state as a server sends it to a till (a snapshot, SPEC CS1): the fold's own output,
 * checked field by field so that a till never folds onto something it could not have folded.
 */
const CardStateShape = v.object({
  cardId: UuidSchema,
  programId: UuidSchema,
  merchantId: UuidSchema,
  goal: v.pipe(v.number(), v.integer(), v.minValue(1)),
  enrolledAt: v.optional(HlcSchema),
  blocked: v.boolean(),
  stamps: count,
  cycles: count,
  lifetimeStamps: count,
  ignoredStamps: anyCount,
  expiredStamps: count,
  stampsExpiredAt: v.nullable(HlcSchema),
  vouchers: v.array(VoucherSchema),
  granted: v.optional(v.array(VoucherSchema)),
  conflicts: v.array(ConflictSchema),
  pendingRevokes: v.record(EventIdSchema, EventIdSchema),
  lastStampHlc: v.nullable(HlcSchema),
  lastVisitHlc: v.optional(v.nullable(HlcSchema)),
  limitedStamps: v.array(
    v.object({
      ms: anyCount,
      count: v.pipe(v.number(), v.integer(), v.minValue(1)),
      channel: v.picklist(CHANNELS),
    }),
  ),
  eventCount: count,
  lastHlc: v.nullable(HlcSchema),
  lastId: v.nullable(EventIdSchema),
});

/** Typed as the fold's `CardState` (its optional fields are absent, never undefined). */
export const CardStateSchema = CardStateShape as unknown as v.GenericSchema<unknown, CardState>;

export function parseCardState(input: unknown): Parsed<CardState> {
  return parseWith(CardStateSchema, input);
}
