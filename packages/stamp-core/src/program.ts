import * as v from "valibot";
import {
  CHANNELS,
  type Channel,
  type DeviceChannel,
  isDeviceChannel,
  UNATTENDED_CHANNELS,
} from "./channel";
import { isEan13 } from "./ean13";
import { UUID_ANY } from "./ids";
import { HEX_COLOR, INT_IN, NON_EMPTY_TEXT, type Parsed, parseWith } from "./validation";

/** Built-in stamp artwork; pass-builder and the kiosk draw the same set. */
export const STAMP_ICONS = ["coffee", "star", "heart", "scissors", "paw", "drop"] as const;
export type StampIcon = (typeof STAMP_ICONS)[number];

const uuid = v.pipe(v.string(), v.regex(UUID_ANY, "must be a UUID"));
const currency = v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, "must be an ISO 4217 code like EUR"));
const locale = v.pipe(
  v.string(),
  v.regex(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$/, "must be a language tag like en or de-CH"),
);

export const EarningRuleSchema = v.variant("kind", [
  v.strictObject({ kind: v.literal("per-order"), stampsPerOrder: INT_IN(1, 50) }),
  v.strictObject({
    kind: v.literal("by-amount"),
    /** Minor units (cents) per stamp; the remainder of an order is dropped (SPEC E3). */
    unitAmount: INT_IN(1, 100_000_000),
    currency,
  }),
]);

export const VoucherCodeSchema = v.variant("kind", [
  v.strictObject({ kind: v.literal("fixed"), value: NON_EMPTY_TEXT(64) }),
  v.strictObject({ kind: v.literal("generated") }),
]);

/** How a redeem code is shown: as text, a QR code, or a 1-D barcode a POS scanner reads (R5). */
export const CODE_FORMATS = ["text", "qr", "code128", "ean13"] as const;
export type CodeFormat = (typeof CODE_FORMATS)[number];

export const RedemptionSchema = v.variant("method", [
  v.strictObject({ method: v.literal("self") }),
  v.strictObject({ method: v.literal("staff") }),
  v.pipe(
    v.strictObject({
      method: v.literal("code"),
      format: v.picklist(CODE_FORMATS),
      code: VoucherCodeSchema,
    }),
    v.forward(
      v.check(
        (r) => r.format !== "ean13" || r.code.kind !== "fixed" || isEan13(r.code.value),
        "an EAN-13 code is 13 digits with a valid check digit",
      ),
      ["code", "value"],
    ),
    v.forward(
      v.check(
        (r) =>
          r.format !== "code128" || r.code.kind !== "fixed" || /^[\x20-\x7e]+$/.test(r.code.value),
        "a Code 128 code uses only printable ASCII characters",
      ),
      ["code", "value"],
    ),
  ),
]);

export const PrizeSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,32}$/, "must be lowercase letters, digits or -")),
  title: NON_EMPTY_TEXT(80),
  weight: INT_IN(1, 1_000_000),
});

/** Seeds make lottery outcomes unpredictable to customers yet identical on every replica. */
const lotterySeed = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{16,64}$/, "must be 16–64 url-safe characters"),
);

export const RewardSchema = v.variant("kind", [
  v.strictObject({ kind: v.literal("simple"), title: NON_EMPTY_TEXT(80) }),
  v.strictObject({
    kind: v.literal("voucher"),
    title: NON_EMPTY_TEXT(80),
    redemption: RedemptionSchema,
    validDays: v.optional(INT_IN(1, 3650)),
  }),
  v.strictObject({
    kind: v.literal("lottery"),
    title: NON_EMPTY_TEXT(80),
    seed: lotterySeed,
    prizes: v.pipe(
      v.array(PrizeSchema),
      v.minLength(1, "needs at least one prize"),
      v.maxLength(20, "at most 20 prizes"),
      v.check(
        (prizes) => new Set(prizes.map((p) => p.id)).size === prizes.length,
        "prize ids must be unique",
      ),
    ),
    redemption: RedemptionSchema,
    validDays: v.optional(INT_IN(1, 3650)),
  }),
]);

/**
 * Every earlier reward of a program with the last version it was in force, oldest first (SPEC T2).
 * Kept by the server, never edited: what a customer earned under an old version stays what it was.
 */
export const RewardHistorySchema = v.pipe(
  v.array(
    v.strictObject({ untilVersion: INT_IN(1, Number.MAX_SAFE_INTEGER), reward: RewardSchema }),
  ),
  v.maxLength(1000, "at most 1000 earlier rewards"),
  v.check(
    (history) =>
      history.every(
        (h, i) => i === 0 || h.untilVersion > (history[i - 1] as typeof h).untilVersion,
      ),
    "entries must be in ascending untilVersion",
  ),
);

export const AbuseLimitsSchema = v.strictObject({
  /** Channels the limits apply to; staff, POS and API are trusted unless listed. */
  channels: v.pipe(v.array(v.picklist(CHANNELS)), v.maxLength(CHANNELS.length)),
  cooldownSeconds: INT_IN(0, 7 * 24 * 3600),
  maxStampsPerVisit: v.optional(INT_IN(1, 1000)),
  maxStampsPerDay: v.optional(INT_IN(1, 10_000)),
});

/** How the wallet cards behave (SPEC P5). */
export const WalletOptionsSchema = v.strictObject({
  /**
   * While a reward with a drawable code (a redeem code as QR or barcode, a staff-scan voucher's
   * code) is ready, the card's barcode shows that code instead of the card code.
   */
  voucherBarcode: v.optional(v.boolean()),
  /**
   * The Google Wallet card shows a rotating barcode (SPEC P8): the card code plus a TOTP value, so a
   * screenshot stops working within a minute. Apple Wallet has no rotating barcode.
   */
  rotatingBarcode: v.optional(v.boolean()),
});

/**
 * The most stamps one scan at a till may add (SPEC P6): staff choose a count, unattended tills
 * (kiosk, autopilot) add what one order earns. Server channels (receipt, POS, API) are not scans.
 */
export const MaxStampsPerScanSchema = v.strictObject({
  staff: INT_IN(1, 1000),
  unattended: INT_IN(1, 1000),
});

/** When what a card holds runs out (SPEC P7, X2–X4). */
export const ExpiryOptionsSchema = v.strictObject({
  /** Stamps of a card not stamped for this many days expire; absent: stamps never expire. */
  stampsAfterDays: v.optional(INT_IN(1, 3650)),
  /**
   * How many days before a voucher's validity ends its wallet card says so on the lock screen;
   * 0: no reminder; absent: DEFAULT_EXPIRY_REMINDER_DAYS.
   */
  reminderDays: v.optional(INT_IN(0, 60)),
});

export const DesignSchema = v.strictObject({
  background: HEX_COLOR,
  foreground: HEX_COLOR,
  accent: HEX_COLOR,
  stampIcon: v.picklist(STAMP_ICONS),
});

export const ProgramSchema = v.pipe(
  v.strictObject({
    id: uuid,
    merchantId: uuid,
    name: NON_EMPTY_TEXT(60),
    /** Bumped on every edit so caches (pass images, device copies) know they are stale. */
    version: INT_IN(1, Number.MAX_SAFE_INTEGER),
    design: DesignSchema,
    goal: INT_IN(1, 50),
    earning: EarningRuleSchema,
    reward: RewardSchema,
    limits: AbuseLimitsSchema,
    /** Absent in programs saved before the field existed: DEFAULT_MAX_STAMPS_PER_SCAN applies. */
    maxStampsPerScan: v.optional(MaxStampsPerScanSchema),
    locales: v.pipe(v.array(locale), v.minLength(1, "needs at least one locale"), v.maxLength(20)),
    wallet: v.optional(WalletOptionsSchema),
    expiry: v.optional(ExpiryOptionsSchema),
    rewardHistory: v.optional(RewardHistorySchema),
  }),
  v.forward(
    v.check(
      (p) => (p.rewardHistory?.at(-1)?.untilVersion ?? 0) < p.version,
      "earlier rewards must belong to earlier versions",
    ),
    ["rewardHistory"],
  ),
);

export type Program = v.InferOutput<typeof ProgramSchema>;
export type RewardHistory = NonNullable<Program["rewardHistory"]>;
export type EarningRule = Program["earning"];
export type Reward = Program["reward"];
export type Redemption = v.InferOutput<typeof RedemptionSchema>;
export type AbuseLimits = Program["limits"];
export type Prize = v.InferOutput<typeof PrizeSchema>;
export type Design = Program["design"];
export type WalletOptions = NonNullable<Program["wallet"]>;
export type ExpiryOptions = NonNullable<Program["expiry"]>;
export type MaxStampsPerScan = v.InferOutput<typeof MaxStampsPerScanSchema>;

export function parseProgram(input: unknown): Parsed<Program> {
  return parseWith(ProgramSchema, input);
}

/** Limits of a new program: only unattended channels are held back, by a 10-minute cooldown per card. */
export const DEFAULT_LIMITS: AbuseLimits = {
  channels: [...UNATTENDED_CHANNELS],
  cooldownSeconds: 600,
  maxStampsPerVisit: 1,
};

/** Days before a voucher expires that its wallet card reminds the customer, unless the program says (P7). */
export const DEFAULT_EXPIRY_REMINDER_DAYS = 3;

/** What one scan may add when the program does not say (SPEC P6). */
export const DEFAULT_MAX_STAMPS_PER_SCAN: MaxStampsPerScan = { staff: 10, unattended: 1 };

/** The most stamps one scan on `channel` may add, or null for server channels (SPEC P6, R7). */
export function maxStampsPerScan(program: Program, channel: DeviceChannel): number;
export function maxStampsPerScan(program: Program, channel: Channel): number | null;
export function maxStampsPerScan(program: Program, channel: Channel): number | null {
  if (!isDeviceChannel(channel)) return null;
  const max = program.maxStampsPerScan ?? DEFAULT_MAX_STAMPS_PER_SCAN;
  return channel === "staff" ? max.staff : max.unattended;
}
