import * as v from "valibot";
import { CHANNELS } from "./channel";
import { isHlc } from "./hlc";
import { UUID_ANY, UUID_V7 } from "./ids";
import { INT_IN, NON_EMPTY_TEXT, type Parsed, parseWith } from "./validation";
import { isGrantedVoucherId, VOUCHER_ID } from "./voucher-id";

/** Schema version of every event this library writes. Readers refuse versions they do not know (SPEC V2). */
export const EVENT_VERSION = 1;

export const EVENT_TYPES = [
  "card.enrolled",
  "stamps.added",
  "stamps.revoked",
  "voucher.redeemed",
  "reward.handed_over",
  "voucher.revealed",
  "voucher.reminded",
  "voucher.expired",
  "stamps.expired",
  "card.blocked",
  "card.unblocked",
  "voucher.granted",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const ENROLL_SOURCES = ["join-page", "staff", "kiosk", "pos", "api"] as const;
export const REDEEM_METHODS = ["self", "staff", "code", "pos"] as const;
export type RedeemMethod = (typeof REDEEM_METHODS)[number];
/** Why the server granted a voucher outside the stamp cycles (SPEC G1). */
export const GRANT_REASONS = ["birthday", "win-back"] as const;
export type GrantReason = (typeof GRANT_REASONS)[number];

const uuid = v.pipe(v.string(), v.regex(UUID_ANY, "must be a UUID"));
const eventId = v.pipe(v.string(), v.regex(UUID_V7, "must be a lowercase UUIDv7"));
const hlc = v.pipe(
  v.string(),
  v.check(isHlc, "must be an HLC like 2026-11-22T09:30:00.000Z-0000-a1b2c3d4e5f60718"),
);
const voucherId = v.pipe(
  v.string(),
  v.regex(VOUCHER_ID, "must be a voucher id like <cardId>:<cycle>"),
);

/** The envelope's field schemas, for other messages that carry ids and clocks (a card's state). */
export {
  eventId as EventIdSchema,
  hlc as HlcSchema,
  uuid as UuidSchema,
  voucherId as VoucherIdSchema,
};

const envelope = {
  id: eventId,
  v: v.literal(EVENT_VERSION, `must be ${EVENT_VERSION}`),
  hlc,
  deviceId: uuid,
  merchantId: uuid,
  programId: uuid,
  cardId: uuid,
  /**
   * Who worked the till (SPEC V9): the staff member signed in at the device, or who opened its
   * Kiosk or Autopilot mode. Optional: server-made events and tills without staff sign-in have none.
   */
  staffId: v.optional(uuid),
};

const CardEnrolled = v.strictObject({
  ...envelope,
  type: v.literal("card.enrolled"),
  source: v.picklist(ENROLL_SOURCES),
});

const StampsAdded = v.pipe(
  v.strictObject({
    ...envelope,
    type: v.literal("stamps.added"),
    count: INT_IN(1, 1000),
    channel: v.picklist(CHANNELS),
    amount: v.optional(INT_IN(0, Number.MAX_SAFE_INTEGER)),
    currency: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, "must be an ISO 4217 code"))),
    orderRef: v.optional(NON_EMPTY_TEXT(128)),
    /** The program version the device stamped under: its reward is what this stamp can earn (SPEC T1). */
    programVersion: v.optional(INT_IN(1, Number.MAX_SAFE_INTEGER)),
  }),
  v.forward(
    v.check(
      (e) => (e.amount === undefined) === (e.currency === undefined),
      "amount and currency go together",
    ),
    ["currency"],
  ),
);

const StampsRevoked = v.strictObject({
  ...envelope,
  type: v.literal("stamps.revoked"),
  targetId: eventId,
  reason: NON_EMPTY_TEXT(200),
});

const VoucherRedeemed = v.strictObject({
  ...envelope,
  type: v.literal("voucher.redeemed"),
  voucherId,
  method: v.picklist(REDEEM_METHODS),
});

const RewardHandedOver = v.strictObject({
  ...envelope,
  type: v.literal("reward.handed_over"),
  voucherId,
});

const VoucherRevealed = v.strictObject({
  ...envelope,
  type: v.literal("voucher.revealed"),
  voucherId,
});

/** The server's sweep told the customer that a voucher expires soon (SPEC X4). */
const VoucherReminded = v.strictObject({
  ...envelope,
  type: v.literal("voucher.reminded"),
  voucherId,
});

/** The server's sweep marked a voucher past its validity (SPEC X2). */
const VoucherExpired = v.strictObject({
  ...envelope,
  type: v.literal("voucher.expired"),
  voucherId,
});

const StampsExpired = v.strictObject({
  ...envelope,
  type: v.literal("stamps.expired"),
  /** The program's rule the sweep applied: stamps of a card without a stamp for this long. */
  inactiveDays: INT_IN(1, 3650),
});

const CardBlocked = v.strictObject({
  ...envelope,
  type: v.literal("card.blocked"),
  reason: NON_EMPTY_TEXT(200),
});

const CardUnblocked = v.strictObject({
  ...envelope,
  type: v.literal("card.unblocked"),
  reason: v.optional(NON_EMPTY_TEXT(200)),
});

/**
 * The server granted a voucher outside the stamp cycles — a birthday treat, a win-back offer
 * (SPEC G1): its own reward text and validity, why, and the automation that granted it.
 */
const VoucherGranted = v.strictObject({
  ...envelope,
  type: v.literal("voucher.granted"),
  voucherId: v.pipe(
    voucherId,
    v.check(isGrantedVoucherId, "must be a granted voucher id (<cardId>:<900000000 or more>)"),
  ),
  title: NON_EMPTY_TEXT(80),
  validDays: v.optional(INT_IN(1, 3650)),
  reason: v.picklist(GRANT_REASONS),
  automationId: v.optional(uuid),
});

export const StampEventSchema = v.variant("type", [
  CardEnrolled,
  StampsAdded,
  StampsRevoked,
  VoucherRedeemed,
  RewardHandedOver,
  VoucherRevealed,
  VoucherReminded,
  VoucherExpired,
  StampsExpired,
  CardBlocked,
  CardUnblocked,
  VoucherGranted,
]);

export type StampEvent = v.InferOutput<typeof StampEventSchema>;
export type EventOf<T extends EventType> = Extract<StampEvent, { type: T }>;
export type CardEnrolledEvent = EventOf<"card.enrolled">;
export type StampsAddedEvent = EventOf<"stamps.added">;
export type StampsRevokedEvent = EventOf<"stamps.revoked">;
export type VoucherRedeemedEvent = EventOf<"voucher.redeemed">;
export type RewardHandedOverEvent = EventOf<"reward.handed_over">;
export type VoucherRevealedEvent = EventOf<"voucher.revealed">;
export type VoucherRemindedEvent = EventOf<"voucher.reminded">;
export type VoucherExpiredEvent = EventOf<"voucher.expired">;
export type StampsExpiredEvent = EventOf<"stamps.expired">;
export type CardBlockedEvent = EventOf<"card.blocked">;
export type CardUnblockedEvent = EventOf<"card.unblocked">;
export type VoucherGrantedEvent = EventOf<"voucher.granted">;

/**
 * Each event type's own schema. Valibot's variant checks the options' `type` one after another
 * until one matches, and every one that does not leaves an issue object behind: a push of 500
 * events made ~250 kB of them (issue 13). The schema of the event's own type gives the same value
 * and the same issues; an unknown or missing type goes through the variant for its message.
 */
const SCHEMA_OF_TYPE: ReadonlyMap<unknown, (typeof StampEventSchema.options)[number]> = new Map(
  StampEventSchema.options.map((option) => [option.entries.type.literal, option]),
);

/** Parses untrusted JSON (already decoded) into an event, or lists every problem with its path. */
export function parseEvent(input: unknown): Parsed<StampEvent> {
  const type =
    typeof input === "object" && input !== null ? (input as { type?: unknown }).type : null;
  return parseWith(SCHEMA_OF_TYPE.get(type) ?? StampEventSchema, input);
}

/** Field order-independent identity of an event, used to tell a true duplicate from an id collision. */
export function sameEvent(a: StampEvent, b: StampEvent): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export function canonicalJson(event: StampEvent): string {
  const record = event as unknown as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return JSON.stringify(record, keys);
}
